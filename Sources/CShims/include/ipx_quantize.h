// Lossy PNG: palette quantization with libimagequant (pngquant's library).
#ifndef IPX_QUANTIZE_H
#define IPX_QUANTIZE_H

#include "ipx_common.h"

typedef struct {
    int min_quality;      // 0-100; below it the result is refused (pngquant's --quality MIN)
    int max_quality;      // 0-100; fewer colours are used when they reach it
    int speed;            // 1 (slowest, best) - 10 (fastest)
    float dithering;      // 0 (none) - 1 (full Floyd-Steinberg)
} ipx_quantize_options;

// rgba: width*height*4 bytes. On success *met says whether min_quality was reached; when it
// was, indices (width*height bytes), palette (count RGBA entries, up to 256) and *quality hold
// the result. A quality shortfall is not an error.
int ipx_quantize(const uint8_t *rgba, uint32_t width, uint32_t height,
                 const ipx_quantize_options *options, uint8_t *indices, uint8_t *palette,
                 int *palette_count, int *quality, int *met, ipx_status *status);

#endif
