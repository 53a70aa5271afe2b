// Chroma downsampling for the lossy JPEG coder. Private to CShims.
#ifndef IPX_JPEG_CHROMA_H
#define IPX_JPEG_CHROMA_H

#include <stddef.h>
#include <stdint.h>

// One chroma channel (1: Cb, 2: Cr; JFIF, level-shifted) of a whole RGB image, downsampled by
// h_step x v_step (each 1 or 2) into plane (plane_width x plane_height; samples past the image
// repeat its edge). Starts from the box average, then `iterations` times corrects each sample
// so that what a decoder's triangle ("fancy") upsampling rebuilds from the plane keeps the box
// average over the sample's pixels: chroma edges come back sharper instead of smeared.
// scratch holds 2 * plane_width * plane_height floats.
void ipx_chroma_downsample(const uint8_t *rgb, int width, int height, size_t stride, int channel,
                           int h_step, int v_step, float *plane, int plane_width, int plane_height,
                           float *scratch, int iterations);

// The level-shifted JFIF chroma (1: Cb, 2: Cr) of red, green and blue.
static inline float ipx_chroma_of_rgb(float red, float green, float blue, int channel) {
    return channel == 1 ? -0.168735892f * red - 0.331264108f * green + 0.5f * blue
                        : 0.5f * red - 0.418687589f * green - 0.081312411f * blue;
}

static inline float ipx_chroma_of(const uint8_t *pixel, int channel) {
    return ipx_chroma_of_rgb(pixel[0], pixel[1], pixel[2], channel);
}

#endif
