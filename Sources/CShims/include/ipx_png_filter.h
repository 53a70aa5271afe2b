// PNG row filtering (PNG spec, section 9): the per-row choice of predictor before deflate.
#ifndef IPX_PNG_FILTER_H
#define IPX_PNG_FILTER_H

#include "ipx_common.h"

enum {
    // The five fixed filters carry PNG's own numbers.
    IPX_FILTER_NONE = 0,
    IPX_FILTER_SUB = 1,
    IPX_FILTER_UP = 2,
    IPX_FILTER_AVERAGE = 3,
    IPX_FILTER_PAETH = 4,
    // Per-row heuristics: the filter whose output has the smallest sum of absolute signed bytes
    // (the PNG spec's recommendation), the lowest byte entropy, the fewest distinct byte pairs.
    IPX_FILTER_MINSUM = 5,
    IPX_FILTER_ENTROPY = 6,
    IPX_FILTER_BIGRAMS = 7,
    // Per row, the filter whose row compresses smallest after the rows already chosen.
    IPX_FILTER_BRUTE = 8
};

// rows: height rows of row_bytes packed bytes. out: height * (row_bytes + 1) bytes, each row
// prefixed with its filter type. bytes_per_pixel: max(1, bits per pixel / 8). brute_context:
// for IPX_FILTER_BRUTE, how many bytes of earlier filtered rows (at least one row) each row's
// trial compression sees, so a row is judged in about the context deflate will give it.
int ipx_png_filter(const uint8_t *rows, uint32_t height, size_t row_bytes, int bytes_per_pixel,
                   int strategy, size_t brute_context, uint8_t *out, ipx_status *status);

#endif
