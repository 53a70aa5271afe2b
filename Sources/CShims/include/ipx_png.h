#ifndef IPX_PNG_H
#define IPX_PNG_H

#include "ipx_common.h"

// Colour types carry PNG's own numbers.
enum {
    IPX_PNG_GRAY = 0,
    IPX_PNG_RGB = 2,
    IPX_PNG_PALETTE = 3,
    IPX_PNG_GRAY_ALPHA = 4,
    IPX_PNG_RGBA = 6
};

// zlib strategies carry zlib's own numbers (for ipx_zlib_stream).
enum {
    IPX_ZLIB_DEFAULT = 0,
    IPX_ZLIB_FILTERED = 1,
    IPX_ZLIB_HUFFMAN_ONLY = 2,
    IPX_ZLIB_RLE = 3
};

typedef struct {
    uint32_t width;
    uint32_t height;
    int bit_depth;        // as stored in the file
    int color_type;       // IPX_PNG_* as stored in the file
    int interlaced;
    int channels;         // samples per pixel ipx_png_decode writes (1 gray, 2 gray+alpha, 3, 4)
    int output_depth;     // 8 or 16 (16-bit samples are written big-endian, as PNG stores them)
    int has_gamma;
    double gamma;         // file gamma, e.g. 0.45455
    int has_srgb;
    int srgb_intent;
    int has_chrm;
    double chrm[8];       // white x, y, red x, y, green x, y, blue x, y
} ipx_png_info;

// Reads the headers up to the image data. *icc (if not NULL) receives a malloc'd iCCP profile.
int ipx_png_read_info(const uint8_t *data, size_t size, ipx_png_info *info,
                      uint8_t **icc, size_t *icc_size, ipx_status *status);

// Decodes with palette, low bit depths and tRNS expanded; 16-bit samples stay 16-bit.
int ipx_png_decode(const uint8_t *data, size_t size, uint8_t *out, size_t out_size,
                   ipx_status *status);

#endif
