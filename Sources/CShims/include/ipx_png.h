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
    int animated;         // an APNG (acTL before the image data): libpng reads only its default image
} ipx_png_info;

// Reads the headers up to the image data. *icc (if not NULL) receives a malloc'd iCCP profile.
int ipx_png_read_info(const uint8_t *data, size_t size, ipx_png_info *info,
                      uint8_t **icc, size_t *icc_size, ipx_status *status);

// Decodes with palette, low bit depths and tRNS expanded; 16-bit samples stay 16-bit.
// Common files go through ipx_png_decode_fast, the rest through libpng.
int ipx_png_decode(const uint8_t *data, size_t size, uint8_t *out, size_t out_size,
                   ipx_status *status);

// Decodes 8/16-bit gray, gray+alpha, RGB or RGBA without interlace or tRNS, whose every chunk
// checks out, with libdeflate; returns 1 when it did, 0 when the file is for libpng (nothing
// reported). Writes the same samples as libpng would. Public for the tests that compare the two.
int ipx_png_decode_fast(const uint8_t *data, size_t size, uint8_t *out, size_t out_size);

// ipx_png_decode through libpng only: the reference the fast path is tested against.
int ipx_png_decode_libpng(const uint8_t *data, size_t size, uint8_t *out, size_t out_size,
                          ipx_status *status);

#endif
