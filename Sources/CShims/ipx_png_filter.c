#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>
#include "ipx_png_filter.h"
#include "ipx_status.h"

static inline uint8_t paeth(int a, int b, int c) {
    int p = a + b - c;
    int pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    if (pa <= pb && pa <= pc) return (uint8_t)a;
    return (uint8_t)(pb <= pc ? b : c);
}

// Writes row filtered with `type` into out (row_bytes bytes, no type byte). prior is the
// previous unfiltered row, or NULL for the first. One loop per filter, with the first pixel
// (whose left neighbour is 0) peeled off, so that the compiler can vectorize the rest: the
// heuristic strategies filter every row five times.
static void filter_row(const uint8_t *restrict row, const uint8_t *restrict prior, size_t n, int bpp, int type,
                       uint8_t *restrict out) {
    size_t first = (size_t)bpp < n ? (size_t)bpp : n;
    switch (type) {
    case IPX_FILTER_SUB:
        memcpy(out, row, first);
        for (size_t i = first; i < n; i++) out[i] = (uint8_t)(row[i] - row[i - bpp]);
        return;
    case IPX_FILTER_UP:
        if (!prior) break;
        for (size_t i = 0; i < n; i++) out[i] = (uint8_t)(row[i] - prior[i]);
        return;
    case IPX_FILTER_AVERAGE:
        if (!prior) {
            memcpy(out, row, first);
            for (size_t i = first; i < n; i++) out[i] = (uint8_t)(row[i] - (row[i - bpp] >> 1));
            return;
        }
        for (size_t i = 0; i < first; i++) out[i] = (uint8_t)(row[i] - (prior[i] >> 1));
        for (size_t i = first; i < n; i++) out[i] = (uint8_t)(row[i] - ((row[i - bpp] + prior[i]) >> 1));
        return;
    case IPX_FILTER_PAETH:
        if (!prior) {  // Paeth with no row above predicts the left neighbour, as sub does
            filter_row(row, NULL, n, bpp, IPX_FILTER_SUB, out);
            return;
        }
        for (size_t i = 0; i < first; i++) out[i] = (uint8_t)(row[i] - prior[i]);
        for (size_t i = first; i < n; i++) out[i] = (uint8_t)(row[i] - paeth(row[i - bpp], prior[i], prior[i - bpp]));
        return;
    default:
        break;
    }
    // None, and up on the first row (the row above counts as zeros).
    memcpy(out, row, n);
}

static uint64_t absolute_sum(const uint8_t *bytes, size_t n) {
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i++) sum += bytes[i] < 128 ? bytes[i] : 256 - bytes[i];
    return sum;
}

// count_log[c] holds c log2 c for c below this (larger counts, only in rows this wide, are
// computed), so the table stays at most 512 KB however wide the rows.
#define IPX_COUNT_LOG_ENTRIES 65536

// The row's order-0 entropy in bits, n log2 n - sum c log2 c, less the n log2 n that every
// filter of the row shares. With a log2 per byte value and filter, astronaut.png's entropy trial
// took 6.4 ms instead of 3.6.
static double entropy(const uint8_t *bytes, size_t n, const double *count_log) {
    uint32_t counts[256] = {0};
    for (size_t i = 0; i < n; i++) counts[bytes[i]]++;
    double sum = 0;
    for (int v = 0; v < 256; v++)
        sum += counts[v] < IPX_COUNT_LOG_ENTRIES ? count_log[counts[v]] : (double)counts[v] * log2((double)counts[v]);
    return -sum;
}

// Distinct (byte, next byte) pairs: fewer pairs give deflate more repeats to find.
static uint64_t bigrams(const uint8_t *bytes, size_t n, uint64_t *seen /* 1024 words */) {
    memset(seen, 0, 1024 * sizeof *seen);
    uint64_t distinct = 0;
    for (size_t i = 1; i < n; i++) {
        unsigned pair = ((unsigned)bytes[i - 1] << 8) | bytes[i];
        uint64_t bit = 1ull << (pair & 63);
        // Branch-free: whether a pair is new is a coin toss for the branch predictor (with a
        // branch, astronaut.png's bigrams trial took 12.9 ms instead of 5.0).
        distinct += (seen[pair >> 6] & bit) == 0;
        seen[pair >> 6] |= bit;
    }
    return distinct;
}

int ipx_png_filter(const uint8_t *rows, uint32_t height, size_t row_bytes, int bytes_per_pixel,
                   int strategy, size_t brute_context, uint8_t *out, ipx_status *status) {
    if (strategy < IPX_FILTER_NONE || strategy > IPX_FILTER_BRUTE || bytes_per_pixel < 1)
        return ipx_fail(status, IPX_ERR_ARGUMENT, "unknown PNG filter strategy");
    const size_t stride = row_bytes + 1;
    if (strategy <= IPX_FILTER_PAETH) {
        for (uint32_t y = 0; y < height; y++) {
            const uint8_t *row = rows + (size_t)y * row_bytes;
            out[(size_t)y * stride] = (uint8_t)strategy;
            filter_row(row, y ? row - row_bytes : NULL, row_bytes, bytes_per_pixel, strategy,
                       out + (size_t)y * stride + 1);
        }
        return IPX_OK;
    }

    uint8_t *trials = malloc(5 * row_bytes + 1);
    uint64_t *seen = strategy == IPX_FILTER_BIGRAMS ? malloc(1024 * sizeof *seen) : NULL;
    size_t count_logs = row_bytes < IPX_COUNT_LOG_ENTRIES ? row_bytes + 1 : IPX_COUNT_LOG_ENTRIES;
    double *count_log = strategy == IPX_FILTER_ENTROPY ? malloc(count_logs * sizeof *count_log) : NULL;
    if (count_log)
        for (size_t c = 0; c < count_logs; c++) count_log[c] = c ? (double)c * log2((double)c) : 0;
    struct libdeflate_compressor *compressor = NULL;
    uint8_t *window = NULL, *scratch = NULL;
    size_t scratch_size = 0;
    if (strategy == IPX_FILTER_BRUTE) {
        // At least one earlier row, however wide, plus the row on trial.
        size_t capacity = (brute_context > stride ? brute_context : stride) + stride;
        compressor = libdeflate_alloc_compressor(1);  // ranks rows as well as level 3 (measured), 3x faster
        window = malloc(capacity);
        if (compressor) {
            scratch_size = libdeflate_deflate_compress_bound(compressor, capacity);
            scratch = malloc(scratch_size);
        }
    }
    if (!trials || (strategy == IPX_FILTER_BIGRAMS && !seen) || (strategy == IPX_FILTER_ENTROPY && !count_log) ||
        (strategy == IPX_FILTER_BRUTE && (!compressor || !window || !scratch))) {
        free(trials); free(seen); free(count_log); free(window); free(scratch);
        if (compressor) libdeflate_free_compressor(compressor);
        return ipx_fail(status, IPX_ERR_NO_MEMORY, "out of memory");
    }

    for (uint32_t y = 0; y < height; y++) {
        const uint8_t *row = rows + (size_t)y * row_bytes;
        const uint8_t *prior = y ? row - row_bytes : NULL;
        int best = 0;
        double best_cost = INFINITY;
        // Context for the brute-force search: the filtered rows just before this one.
        size_t context = 0;
        if (strategy == IPX_FILTER_BRUTE && y > 0) {
            size_t rows_back = brute_context / stride;
            if (rows_back < 1) rows_back = 1;
            if (rows_back > y) rows_back = y;
            context = rows_back * stride;
            memcpy(window, out + (size_t)y * stride - context, context);
        }
        for (int type = IPX_FILTER_NONE; type <= IPX_FILTER_PAETH; type++) {
            uint8_t *trial = trials + (size_t)type * row_bytes;
            filter_row(row, prior, row_bytes, bytes_per_pixel, type, trial);
            double cost;
            switch (strategy) {
            case IPX_FILTER_MINSUM: cost = (double)absolute_sum(trial, row_bytes); break;
            case IPX_FILTER_ENTROPY: cost = entropy(trial, row_bytes, count_log); break;
            case IPX_FILTER_BIGRAMS: cost = (double)bigrams(trial, row_bytes, seen); break;
            default:
                window[context] = (uint8_t)type;
                memcpy(window + context + 1, trial, row_bytes);
                cost = (double)libdeflate_deflate_compress(compressor, window, context + stride,
                                                           scratch, scratch_size);
                break;
            }
            if (cost < best_cost) {
                best_cost = cost;
                best = type;
            }
        }
        out[(size_t)y * stride] = (uint8_t)best;
        memcpy(out + (size_t)y * stride + 1, trials + (size_t)best * row_bytes, row_bytes);
    }
    free(trials); free(seen); free(count_log); free(window); free(scratch);
    if (compressor) libdeflate_free_compressor(compressor);
    return IPX_OK;
}
