#include "ipx_jpeg_chroma.h"
#include "ipx_jpeg_quantize.h"

static int clamp_index(int value, int limit) {
    return value < 0 ? 0 : value >= limit ? limit - 1 : value;
}

// libjpeg-turbo's fancy upsampler rebuilds each pixel from the nearest sample (weight 3/4) and
// the next one toward the pixel (1/4), along each subsampled axis. Averaged over the pixels
// one sample covers, that is the sample weighted 3/4 and each neighbour 1/8: per axis
// [1/8, 3/4, 1/8] when the axis is subsampled, [0, 1, 0] when not. Neighbours past the image
// are the edge sample itself, as in the decoder.
static void rebuilt_means(const float *plane, int plane_width, int used_width, int used_height,
                          int h_step, int v_step, float *out) {
    float side_x = h_step == 2 ? 0.125f : 0, side_y = v_step == 2 ? 0.125f : 0;
    float middle_x = 1 - 2 * side_x, middle_y = 1 - 2 * side_y;
    for (int row = 0; row < used_height; row++) {
        const float *rows[3] = {
            plane + (size_t)clamp_index(row - 1, used_height) * plane_width,
            plane + (size_t)row * plane_width,
            plane + (size_t)clamp_index(row + 1, used_height) * plane_width,
        };
        // The vertical pass first (one column sum per sample), then the horizontal one.
        float *line = out + (size_t)row * plane_width;
        for (int column = 0; column < used_width; column++)
            line[column] = side_y * (rows[0][column] + rows[2][column]) + middle_y * rows[1][column];
        if (side_x == 0) continue;
        float before = line[0];
        for (int column = 0; column < used_width; column++) {
            float here = line[column], after = line[column + 1 < used_width ? column + 1 : column];
            line[column] = side_x * (before + after) + middle_x * here;
            before = here;
        }
    }
}

void ipx_chroma_downsample(const uint8_t *rgb, int width, int height, size_t stride, int channel,
                           int h_step, int v_step, float *plane, int plane_width, int plane_height,
                           float *scratch, int iterations) {
    int used_width = (width + h_step - 1) / h_step, used_height = (height + v_step - 1) / v_step;
    size_t plane_size = (size_t)plane_width * (size_t)plane_height;
    float *target = scratch, *rebuilt = scratch + plane_size;
    // Box average (pixels past the image repeat its edge): the mean each sample's pixels must
    // come back with, and the starting point.
    // Chroma is linear in R, G and B, so the box average of chroma is the chroma of the box
    // average of the pixels: sum the pixels, convert once.
    float scale = 1.0f / (float)(h_step * v_step);
    for (int row = 0; row < used_height; row++) {
        const uint8_t *lines[2] = {
            rgb + (size_t)clamp_index(row * v_step, height) * stride,
            rgb + (size_t)clamp_index(row * v_step + v_step - 1, height) * stride,
        };
        float *out = plane + (size_t)row * plane_width, *goal = target + (size_t)row * plane_width;
        for (int column = 0; column < used_width; column++) {
            size_t left = 3 * (size_t)(column * h_step);
            size_t right = 3 * (size_t)clamp_index(column * h_step + h_step - 1, width);
            unsigned red = 0, green = 0, blue = 0;
            for (int dy = 0; dy < v_step; dy++) {
                red += lines[dy][left] + (h_step == 2 ? lines[dy][right] : 0);
                green += lines[dy][left + 1] + (h_step == 2 ? lines[dy][right + 1] : 0);
                blue += lines[dy][left + 2] + (h_step == 2 ? lines[dy][right + 2] : 0);
            }
            out[column] = goal[column] = ipx_chroma_of_rgb((float)red, (float)green, (float)blue, channel) * scale;
        }
    }
    // Each pass moves every sample by how far the decoder's rebuilt mean misses the box mean.
    for (int pass = 0; pass < iterations; pass++) {
        rebuilt_means(plane, plane_width, used_width, used_height, h_step, v_step, rebuilt);
        for (int row = 0; row < used_height; row++)
            for (int column = 0; column < used_width; column++) {
                size_t at = (size_t)row * plane_width + column;
                float value = plane[at] + target[at] - rebuilt[at];
                // Chroma stays within what RGB can produce (level-shifted: -128...127).
                plane[at] = value < -128 ? -128 : value > 127 ? 127 : value;
            }
    }
    // Pad to whole blocks by repeating the last used column and row.
    for (int row = 0; row < plane_height; row++) {
        float *line = plane + (size_t)row * plane_width;
        if (row >= used_height) {
            const float *last = plane + (size_t)(used_height - 1) * plane_width;
            for (int column = 0; column < plane_width; column++) line[column] = last[column];
            continue;
        }
        for (int column = used_width; column < plane_width; column++) line[column] = line[used_width - 1];
    }
}

double ipx_chroma_edge_share(const uint8_t *rgb, int width, int height, size_t stride) {
    long squares = 0, sharp = 0;
    // Every other row of squares is sample enough for a share, at half the cost.
    int row_step = height >= 64 ? 4 : 2;
    for (int y = 0; y + 1 < height; y += row_step)
        for (int x = 0; x + 1 < width; x += 2) {
            float low[2] = {1e9f, 1e9f}, high[2] = {-1e9f, -1e9f};
            for (int dy = 0; dy < 2; dy++)
                for (int dx = 0; dx < 2; dx++) {
                    const uint8_t *pixel = rgb + (size_t)(y + dy) * stride + 3 * (size_t)(x + dx);
                    for (int c = 0; c < 2; c++) {
                        float value = ipx_chroma_of(pixel, c + 1);
                        if (value < low[c]) low[c] = value;
                        if (value > high[c]) high[c] = value;
                    }
                }
            squares++;
            if (high[0] - low[0] > 64 || high[1] - low[1] > 64) sharp++;
        }
    return squares > 0 ? (double)sharp / (double)squares : 0;
}
