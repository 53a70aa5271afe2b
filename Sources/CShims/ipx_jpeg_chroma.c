#include <math.h>
#include <pthread.h>
#include "ipx_jpeg_chroma.h"
#include "ipx_jpeg_quantize.h"

static int clamp_index(int value, int limit) {
    return value < 0 ? 0 : value >= limit ? limit - 1 : value;
}

// sRGB's transfer function at each code value, and its slope there (for the luma); and, for the
// luma's exact search, tabulated every 1/LINEAR_STEPS of a code value and interpolated between.
static float linear_of_code[256];
static float slope_of_code[256];
#define LINEAR_STEPS 16
#define LINEAR_SIZE (255 * LINEAR_STEPS + 1)
static float linear_table[LINEAR_SIZE];
// The inverse, code values of linear light tabulated every 1/CODE_STEPS and interpolated: within
// 0.005 of a code value (the curve is a straight line below 0.0031308, where it is steepest).
#define CODE_STEPS 4096
static float code_table[CODE_STEPS + 1];
static pthread_once_t linear_once = PTHREAD_ONCE_INIT;

static double srgb_to_linear(double code) {
    double v = code / 255.0;
    return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double linear_to_srgb(double linear) {
    double v = linear <= 0.0031308 ? linear * 12.92 : 1.055 * pow(linear, 1 / 2.4) - 0.055;
    return v * 255.0;
}

static void build_linear_tables(void) {
    for (int i = 0; i < LINEAR_SIZE; i++) linear_table[i] = (float)srgb_to_linear((double)i / LINEAR_STEPS);
    for (int i = 0; i < 256; i++) {
        linear_of_code[i] = (float)srgb_to_linear(i);
        slope_of_code[i] = (float)(srgb_to_linear(i + 0.5) - srgb_to_linear(i - 0.5));
    }
    for (int i = 0; i <= CODE_STEPS; i++) code_table[i] = (float)linear_to_srgb((double)i / CODE_STEPS);
}

static inline float code_of_linear(float linear) {
    float position = (linear < 0 ? 0 : linear > 1 ? 1 : linear) * CODE_STEPS;
    int index = (int)position;
    if (index >= CODE_STEPS) index = CODE_STEPS - 1;
    return code_table[index] + (code_table[index + 1] - code_table[index]) * (position - (float)index);
}

// Linear light of a (clamped) code value, and the slope of the interpolated function there.
static inline float linear_light(float code, float *slope) {
    float position = (code < 0 ? 0 : code > 255 ? 255 : code) * LINEAR_STEPS;
    int index = (int)position;
    if (index >= LINEAR_SIZE - 1) index = LINEAR_SIZE - 2;
    float step = linear_table[index + 1] - linear_table[index];
    // Clamped by the decoder, a channel past either end no longer follows the luma.
    *slope = code < 0 || code > 255 ? 0 : step * LINEAR_STEPS;
    return linear_table[index] + step * (position - (float)index);
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

void ipx_chroma_means(const uint8_t *rgb, int width, int height, size_t stride, int h_step, int v_step,
                      int first_row, int end_row, float *const planes[2], float *const goals[2], int plane_width) {
    // Box average of the pixels' light (pixels past the image repeat its edge), the colour a
    // sample should rebuild: averaged in linear light, as light mixes, not in sRGB's codes, which
    // darken and shift the colour of a mixed edge. Against the average of the codes: BD-rate vs
    // MozJPEG -11.31 -> -11.98 % on make bench's photos, -6.63 -> -7.51 % held out, -9.22 ->
    // -11.59 % on eight photos tuned on neither (rocket and canon_hdr -9 %; hopper +3 %).
    pthread_once(&linear_once, build_linear_tables);
    int used_width = (width + h_step - 1) / h_step;
    float scale = 1.0f / (float)(h_step * v_step);
    for (int row = first_row; row < end_row; row++) {
        const uint8_t *lines[2] = {
            rgb + (size_t)clamp_index(row * v_step, height) * stride,
            rgb + (size_t)clamp_index(row * v_step + v_step - 1, height) * stride,
        };
        size_t at = (size_t)row * plane_width;
        for (int column = 0; column < used_width; column++, at++) {
            size_t left = 3 * (size_t)(column * h_step);
            size_t right = 3 * (size_t)clamp_index(column * h_step + h_step - 1, width);
            float light[3] = {0, 0, 0};
            for (int dy = 0; dy < v_step; dy++)
                for (int i = 0; i < 3; i++)
                    light[i] += linear_of_code[lines[dy][left + i]] +
                                (h_step == 2 ? linear_of_code[lines[dy][right + i]] : 0);
            float red = code_of_linear(light[0] * scale), green = code_of_linear(light[1] * scale),
                  blue = code_of_linear(light[2] * scale);
            for (int c = 0; c < 2; c++)
                if (planes[c]) planes[c][at] = goals[c][at] = ipx_chroma_of_rgb(red, green, blue, c + 1);
        }
    }
}

void ipx_chroma_fit(int width, int height, int h_step, int v_step, float *plane, const float *goal, float *rebuilt,
                    int plane_width, int plane_height, int iterations) {
    int used_width = (width + h_step - 1) / h_step, used_height = (height + v_step - 1) / v_step;
    // Each pass moves every sample by how far the decoder's rebuilt mean misses the goal.
    for (int pass = 0; pass < iterations; pass++) {
        rebuilt_means(plane, plane_width, used_width, used_height, h_step, v_step, rebuilt);
        for (int row = 0; row < used_height; row++)
            for (int column = 0; column < used_width; column++) {
                size_t at = (size_t)row * plane_width + column;
                float value = plane[at] + goal[at] - rebuilt[at];
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

void ipx_chroma_downsample(const uint8_t *rgb, int width, int height, size_t stride, int channel,
                           int h_step, int v_step, float *plane, int plane_width, int plane_height,
                           float *scratch, int iterations) {
    size_t plane_size = (size_t)plane_width * (size_t)plane_height;
    float *planes[2] = {NULL, NULL}, *goals[2] = {NULL, NULL};
    planes[channel - 1] = plane;
    goals[channel - 1] = scratch;
    ipx_chroma_means(rgb, width, height, stride, h_step, v_step, 0, (height + v_step - 1) / v_step, planes, goals,
                     plane_width);
    ipx_chroma_fit(width, height, h_step, v_step, plane, scratch, scratch + plane_size, plane_width, plane_height,
                   iterations);
}

// Counts of the squares on rows first, first + step, ... below end of ipx_chroma_edge_share.
typedef struct {
    const uint8_t *rgb;
    int height, width, first, end, step;
    size_t stride;
    long squares, sharp;
} edge_band;

// The squares whose top row is y, from column x0 on, two pixels apart.
static void count_square_row(edge_band *band, int y, int x0) {
    for (int x = x0; x + 1 < band->width; x += 2) {
        float low[2] = {1e9f, 1e9f}, high[2] = {-1e9f, -1e9f};
        for (int dy = 0; dy < 2; dy++)
            for (int dx = 0; dx < 2; dx++) {
                const uint8_t *pixel = band->rgb + (size_t)(y + dy) * band->stride + 3 * (size_t)(x + dx);
                for (int c = 0; c < 2; c++) {
                    float value = ipx_chroma_of(pixel, c + 1);
                    if (value < low[c]) low[c] = value;
                    if (value > high[c]) high[c] = value;
                }
            }
        band->squares++;
        if (high[0] - low[0] > 64 || high[1] - low[1] > 64) band->sharp++;
    }
}

// Squares on even columns of each sampled row, and on odd columns of the row step - 1 below
// it: a colour edge that falls between two aligned squares (pixel art scaled up by an even
// factor, whose edges all lie on even boundaries) still crosses a square of the second set.
// On photos the share is the same either way (edges fall anywhere).
static void *count_sharp_squares(void *argument) {
    edge_band *band = argument;
    for (int y = band->first; y < band->end; y += band->step) {
        count_square_row(band, y, 0);
        int shifted = y + band->step - 1;
        if (shifted + 1 < band->height) count_square_row(band, shifted, 1);
    }
    return NULL;
}

double ipx_chroma_edge_share(const uint8_t *rgb, int width, int height, size_t stride, int threads) {
    // Every other row of squares is sample enough for a share, at half the cost.
    int row_step = height >= 64 ? 4 : 2;
    int last = height - 1;  // squares start on rows 0, row_step, ... below the last row
    int rows = last > 0 ? (last + row_step - 1) / row_step : 0;
    // With a helper thread, it counts the upper half of the rows; the counts add up the same.
    int split = threads > 1 && rows >= 2 ? rows / 2 * row_step : 0;
    edge_band bands[2] = {{rgb, height, width, 0, split, row_step, stride, 0, 0},
                          {rgb, height, width, split, last, row_step, stride, 0, 0}};
    pthread_t thread;
    int started = split > 0 && pthread_create(&thread, NULL, count_sharp_squares, &bands[0]) == 0;
    if (!started) bands[1].first = 0;
    count_sharp_squares(&bands[1]);
    if (started) pthread_join(thread, NULL);
    long squares = bands[0].squares + bands[1].squares, sharp = bands[0].sharp + bands[1].sharp;
    return squares > 0 ? (double)sharp / (double)squares : 0;
}

// The sample a decoder's triangle upsampling weighs 1/4 beside the nearest one (3/4) along a
// subsampled axis: the neighbour on the pixel's side, or the nearest itself at the image's edge.
static int upsampling_neighbour(int position, int used) {
    int nearest = position >> 1;
    return clamp_index(position & 1 ? nearest + 1 : nearest - 1, used);
}

// Pixels whose own chroma differs from the rebuilt one by less than this (|dCb| + |dCr|) keep
// their luma: the correction there is a small fraction of a code value. On make bench's photos
// 1 gave 0.03 % less of the gain than 0 and skips most pixels of a photo.
#define LUMA_SKIP 1.0f
// Changes up to this take one linear step, larger ones (and clipped channels) an exact search
// (see below). Against the exact search throughout, BD-rate vs MozJPEG -11.98 -> -12.03 %,
// -7.51 -> -7.56 % and -11.59 -> -11.83 % on three photo sets; the linear step throughout did a
// little better still on photos (-12.08, -7.57, -11.85 %) but left saturated stripes further off
// than no correction at all.
#define LUMA_LINEAR_LIMIT 32.0f

static const float luminance_weight[3] = {0.2126f, 0.7152f, 0.0722f};

// The luma of one pixel of ipx_luminance_keeping_luma found exactly, starting from `value` (its
// luma plus 128), where the linear step does not hold: far from the original, or where a channel
// clips, first order is no guide. Newton's method on the luma, kept inside the bracket the misses
// so far give (luminance only grows with the luma); a step under 2 code values ends it. `offset`
// is what each channel adds to the luma (JFIF's YCbCr to RGB).
static float exact_luma(const uint8_t *pixel, const float offset[3], float value) {
    const float *weight = luminance_weight;
    float target = weight[0] * linear_of_code[pixel[0]] + weight[1] * linear_of_code[pixel[1]] +
                   weight[2] * linear_of_code[pixel[2]];
    float low = 0, high = 255;
    for (int iteration = 0; iteration < 8; iteration++) {
        float luminance = 0, slope = 0;
        for (int i = 0; i < 3; i++) {
            float channel_slope;
            luminance += weight[i] * linear_light(value + offset[i], &channel_slope);
            slope += weight[i] * channel_slope;
        }
        float miss = luminance - target;
        if (miss > 0)
            high = value;
        else
            low = value;
        float next = slope > 0 ? value - miss / slope : (low + high) / 2;
        if (!(next >= low && next <= high)) next = (low + high) / 2;
        float step = fabsf(next - value);
        value = next;
        if (step < 2.0f) break;
    }
    return value;
}

// Pixels a row is corrected in at a time (stack buffers).
#define LUMA_CHUNK 256

// The pixels first..end-1 of one row, given the chroma the decoder rebuilds at each (cb[x -
// first], cr[x - first]). The first loop screens every pixel and takes the linear step where it
// holds, without branches, so that the compiler vectorizes it; the second solves the few pixels
// the step does not suit exactly. With one branchy function a pixel,
// this was 13 % of a small photo's encoding time.
static void correct_luma_span(const uint8_t *rgb_row, int first, int end, const float *cb, const float *cr,
                              float *luma) {
    const float *weight = luminance_weight;
    unsigned char exact[LUMA_CHUNK];
    int count = end - first, exact_pixels = 0;
    for (int i = 0; i < count; i++) {
        const uint8_t *pixel = rgb_row + 3 * (size_t)(first + i);
        float change = fabsf(ipx_chroma_of(pixel, 1) - cb[i]) + fabsf(ipx_chroma_of(pixel, 2) - cr[i]);
        float offset[3] = {1.402f * cr[i], -0.344136f * cb[i] - 0.714136f * cr[i], 1.772f * cb[i]};
        float value = luma[first + i] + 128.0f;
        // The luminance the rebuilt pixel misses, to first order in each channel's change from
        // the original (slopes of the transfer function at the original's codes), over how fast
        // luminance grows with the luma: one linear step. Below the limit this measured better
        // than solving exactly (it pushes the luma of colour edges less).
        float miss = 0, slope = 0;
        for (int c = 0; c < 3; c++) {
            float channel_slope = weight[c] * slope_of_code[pixel[c]];
            miss += channel_slope * (value + offset[c] - (float)pixel[c]);
            slope += channel_slope;
        }
        float next = value - miss / slope;
        // First order assumes every channel follows the luma: none may clip, before or after.
        float lowest = fminf(value, next), highest = fmaxf(value, next);
        int clips = 0;
        for (int c = 0; c < 3; c++) clips |= (lowest + offset[c] < 0) | (highest + offset[c] > 255);
        int corrected = change >= LUMA_SKIP, stepped = corrected & (change < LUMA_LINEAR_LIMIT) & !clips;
        // Which pixels keep their luma or take the step is as good as random on photos: a select,
        // not a branch.
        luma[first + i] = stepped ? fminf(fmaxf(next, 0), 255) - 128.0f : luma[first + i];
        exact[i] = (unsigned char)(corrected & !stepped);
        exact_pixels += exact[i];
    }
    for (int i = 0; i < count && exact_pixels > 0; i++) {
        if (!exact[i]) continue;
        const uint8_t *pixel = rgb_row + 3 * (size_t)(first + i);
        float offset[3] = {1.402f * cr[i], -0.344136f * cb[i] - 0.714136f * cr[i], 1.772f * cb[i]};
        float value = exact_luma(pixel, offset, luma[first + i] + 128.0f);
        luma[first + i] = fminf(fmaxf(value, 0), 255) - 128.0f;
        exact_pixels--;
    }
}

void ipx_luminance_keeping_luma(const uint8_t *rgb_row, int width, int height, int y, const float *cb_plane,
                                const float *cr_plane, int plane_width, int h_step, int v_step, float *luma) {
    pthread_once(&linear_once, build_linear_tables);
    int used_width = (width + h_step - 1) / h_step, used_height = (height + v_step - 1) / v_step;
    // Vertically, weights 3/4 and 1/4 when subsampled, else the sample alone.
    float near_y = v_step == 2 ? 0.75f : 1, far_y = 1 - near_y;
    int sample_row = v_step == 2 ? y >> 1 : y;
    int other_row = v_step == 2 ? upsampling_neighbour(y, used_height) : y;
    const float *cb_near = cb_plane + (size_t)sample_row * plane_width;
    const float *cb_far = cb_plane + (size_t)other_row * plane_width;
    const float *cr_near = cr_plane + (size_t)sample_row * plane_width;
    const float *cr_far = cr_plane + (size_t)other_row * plane_width;
    float cb[LUMA_CHUNK], cr[LUMA_CHUNK];
    for (int first = 0; first < width; first += LUMA_CHUNK) {
        int end = first + LUMA_CHUNK < width ? first + LUMA_CHUNK : width;
        if (h_step == 1) {
            for (int x = first; x < end; x++) {
                cb[x - first] = near_y * cb_near[x] + far_y * cb_far[x];
                cr[x - first] = near_y * cr_near[x] + far_y * cr_far[x];
            }
        } else {
            // Horizontally, the sample's two pixels take 3/4 of it and 1/4 of the sample on
            // their side (the sample itself at the image's edges). LUMA_CHUNK is even, so a
            // chunk starts on a sample's first pixel; its samples, with one more each side,
            // are blended vertically first.
            int first_sample = first / 2, end_sample = (end + 1) / 2;
            float cb_column[LUMA_CHUNK / 2 + 2], cr_column[LUMA_CHUNK / 2 + 2];
            for (int j = 0; j < end_sample - first_sample + 2; j++) {
                int sample = clamp_index(first_sample - 1 + j, used_width);
                cb_column[j] = near_y * cb_near[sample] + far_y * cb_far[sample];
                cr_column[j] = near_y * cr_near[sample] + far_y * cr_far[sample];
            }
            for (int j = 0; j < end_sample - first_sample; j++) {
                int x = 2 * j;
                cb[x] = 0.75f * cb_column[j + 1] + 0.25f * cb_column[j];
                cr[x] = 0.75f * cr_column[j + 1] + 0.25f * cr_column[j];
                cb[x + 1] = 0.75f * cb_column[j + 1] + 0.25f * cb_column[j + 2];
                cr[x + 1] = 0.75f * cr_column[j + 1] + 0.25f * cr_column[j + 2];
            }
        }
        correct_luma_span(rgb_row, first, end, cb, cr, luma);
    }
}
