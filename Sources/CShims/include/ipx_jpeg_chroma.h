// Chroma downsampling for the lossy JPEG coder, and the luma that goes with it; exposed so tests
// can check them against a model of the decoder.
#ifndef IPX_JPEG_CHROMA_H
#define IPX_JPEG_CHROMA_H

#include <stddef.h>
#include <stdint.h>

// One chroma channel (1: Cb, 2: Cr; JFIF, level-shifted) of a whole RGB image, downsampled by
// h_step x v_step (each 1 or 2) into plane (plane_width x plane_height; samples past the image
// repeat its edge). Starts from the chroma of the mean linear light of each sample's pixels (the
// sRGB transfer function undone), then `iterations` times corrects each sample so that what a
// decoder's triangle ("fancy") upsampling rebuilds from the plane keeps that chroma on average
// over the sample's pixels: chroma edges come back sharper instead of smeared.
// scratch holds 2 * plane_width * plane_height floats.
void ipx_chroma_downsample(const uint8_t *rgb, int width, int height, size_t stride, int channel,
                           int h_step, int v_step, float *plane, int plane_width, int plane_height,
                           float *scratch, int iterations);

// The two steps of ipx_chroma_downsample, so that both channels share the first and threads can
// split it: the chroma of each sample's mean light, for sample rows first_row..end_row-1, into
// planes[c] and goals[c] (Cb, Cr; NULL skips a channel); then, per channel, the passes that fit
// the plane to the decoder (goal as the means, rebuilt as scratch of the plane's size) and the
// padding.
void ipx_chroma_means(const uint8_t *rgb, int width, int height, size_t stride, int h_step, int v_step,
                      int first_row, int end_row, float *const planes[2], float *const goals[2], int plane_width);
void ipx_chroma_fit(int width, int height, int h_step, int v_step, float *plane, const float *goal, float *rebuilt,
                    int plane_width, int plane_height, int iterations);

// Replaces one row of luma (level-shifted, `width` samples of image row y) with luma that keeps
// each pixel's linear-light luminance (sRGB primaries, Rec. 709 weights) once a decoder has
// rebuilt its chroma from the downsampled planes by triangle upsampling: averaging chroma over
// neighbouring pixels changes the luminance of coloured edges and dark colours, since sRGB is not
// linear; the luma takes the difference back (the aim of libwebp's sharp YUV).
// The planes are those of ipx_chroma_downsample (plane_width samples a row, h_step x v_step).
void ipx_luminance_keeping_luma(const uint8_t *rgb_row, int width, int height, int y, const float *cb_plane,
                                const float *cr_plane, int plane_width, int h_step, int v_step, float *luma);

// Share (0...1) of the 2x2 pixel squares of an RGB image whose Cb or Cr spans more than 64
// levels: fine colour detail (coloured text, pixel art) that 4:2:0 subsampling would smear.
// `threads` (1 or 2) does not change the result.
double ipx_chroma_edge_share(const uint8_t *rgb, int width, int height, size_t stride, int threads);

// The level-shifted JFIF chroma (1: Cb, 2: Cr) of red, green and blue.
static inline float ipx_chroma_of_rgb(float red, float green, float blue, int channel) {
    return channel == 1 ? -0.168735892f * red - 0.331264108f * green + 0.5f * blue
                        : 0.5f * red - 0.418687589f * green - 0.081312411f * blue;
}

static inline float ipx_chroma_of(const uint8_t *pixel, int channel) {
    return ipx_chroma_of_rgb(pixel[0], pixel[1], pixel[2], channel);
}

#endif
