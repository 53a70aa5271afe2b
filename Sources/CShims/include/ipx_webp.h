#ifndef IPX_WEBP_H
#define IPX_WEBP_H

#include "ipx_common.h"

typedef struct {
    int width;
    int height;
    int has_alpha;
    int has_animation;
    int lossless;         // 1 for VP8L, 0 for VP8 (lossy), 2 when mixed or unknown
} ipx_webp_info;

typedef struct {
    float quality;        // 0...100 (for lossless: compression effort)
    int method;           // 0...6, speed against size
    int lossless;
    int alpha_quality;    // 0...100
    int exact;            // keep RGB under fully transparent pixels
    int sharp_yuv;        // sharper RGB→YUV conversion (lossy): crisper colour edges, slower
    const uint8_t *icc;
    size_t icc_size;
    const uint8_t *exif;  // EXIF chunk contents (a TIFF block)
    size_t exif_size;
    const uint8_t *xmp;   // "XMP " chunk contents
    size_t xmp_size;
} ipx_webp_encode_options;

// Reads the features; refuses nothing. *icc receives the ICCP chunk if present.
int ipx_webp_read_info(const uint8_t *data, size_t size, ipx_webp_info *info,
                       uint8_t **icc, size_t *icc_size, ipx_status *status);

// Decodes a still image into RGB (channels 3) or RGBA (channels 4).
int ipx_webp_decode(const uint8_t *data, size_t size, int channels, uint8_t *out, size_t out_size,
                    ipx_status *status);

int ipx_webp_encode(const uint8_t *pixels, int width, int height, int channels, size_t stride,
                    const ipx_webp_encode_options *options, ipx_bytes *out, ipx_status *status);

#endif
