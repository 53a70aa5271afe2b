#ifndef IPX_COLOR_H
#define IPX_COLOR_H

#include "ipx_common.h"

// Pixel layouts the colour transform takes.
enum {
    IPX_COLOR_RGB8 = 1,
    IPX_COLOR_RGBA8 = 2,
    IPX_COLOR_RGB16 = 3,     // big-endian samples, as PNG stores them
    IPX_COLOR_RGBA16 = 4,
    IPX_COLOR_CMYK8 = 5,
    IPX_COLOR_CMYK8_INVERTED = 6,  // Adobe's convention: 255 means no ink
    IPX_COLOR_GRAY8 = 7,           // becomes RGB8 (for WebP, which has no gray)
    IPX_COLOR_GRAYA8 = 8           // becomes RGBA8
};

// Converts pixels described by an embedded ICC profile to sRGB (perceptual intent, black-point
// compensation) with Little CMS. Output has the same layout, except CMYK and gray become RGB8
// (gray with alpha RGBA8).
// Alpha, when present, is copied unchanged. With `exact`, every pixel goes through the profile's
// full pipeline instead of a precalculated table: slower per pixel, but for a few thousand pixels
// (the sRGB test grid) cheaper than building the table, and free of its interpolation error.
int ipx_color_to_srgb(const uint8_t *pixels, size_t pixel_count, int layout, const uint8_t *icc,
                      size_t icc_size, int exact, uint8_t *out, ipx_status *status);

// Whether Little CMS can open this ICC profile (its header and tag directory parse).
int ipx_color_profile_opens(const uint8_t *icc, size_t icc_size);

#endif
