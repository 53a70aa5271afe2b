// The common PNG, decoded without libpng: 8- or 16-bit gray, gray+alpha, RGB or RGBA, not
// interlaced, no tRNS. libpng inflates with zlib and unfilters row by row; libdeflate inflates the
// whole stream at about twice zlib's speed and checks CRCs with carry-less multiplication, which
// took a third off the decoding of large photos. Anything else, and anything that looks the least
// bit off (a CRC, a chunk order, a filter type, the stream's length), is left to libpng, which then
// decodes it or reports the error in its own words.
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>
#include "ipx_png.h"

// The extra memory the fast path may take for the filtered rows; larger images go through libpng,
// which streams them.
#define IPX_PNG_FAST_MAX_FILTERED ((size_t)128 << 20)

static uint32_t big_endian_32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int is_chunk(const uint8_t *type, const char *name) {
    return memcmp(type, name, 4) == 0;
}

// The PNG spec's predictor: whichever of left, above and upper-left is nearest to left + above -
// upper-left, ties in that order. Written without branches (the compiler makes them conditional
// moves), since which one wins is as good as random on photos.
static inline uint8_t paeth(int left, int above, int corner) {
    int to_left = abs(above - corner), to_above = abs(left - corner), to_corner = abs(left + above - 2 * corner);
    int nearer = to_left <= to_above ? left : above;
    int nearer_distance = to_left <= to_above ? to_left : to_above;
    return (uint8_t)(to_corner < nearer_distance ? corner : nearer);
}

// One Paeth-filtered row. The left and upper-left pixels ride along in locals rather than being
// read back from the row just written, which would wait on each store.
static inline void unpaeth_row(const uint8_t *in, uint8_t *row, const uint8_t *above, size_t row_bytes,
                               size_t bpp) {
    int left[8] = {0}, corner[8] = {0};
    for (size_t i = 0; i < row_bytes; i += bpp) {
        for (size_t j = 0; j < bpp; j++) {
            int up = above[i + j];
            int value = (uint8_t)(in[i + j] + paeth(left[j], up, corner[j]));
            row[i + j] = (uint8_t)value;
            left[j] = value;
            corner[j] = up;
        }
    }
}

// Undoes each row's filter (PNG spec, section 9) from `filtered` (a type byte then the row) into
// `out`; `zero_row` (row_bytes zeros) stands above the first row. The first pixel of a row has
// nothing to its left, so each filter handles it apart and the rest without tests. Returns 0 on an
// unknown filter type.
static int unfilter(const uint8_t *filtered, uint8_t *out, uint32_t height, size_t row_bytes, size_t bpp,
                    const uint8_t *zero_row) {
    for (uint32_t y = 0; y < height; y++) {
        const uint8_t *in = filtered + (size_t)y * (row_bytes + 1);
        uint8_t type = *in++;
        uint8_t *row = out + (size_t)y * row_bytes;
        const uint8_t *above = y > 0 ? row - row_bytes : zero_row;
        size_t first = bpp < row_bytes ? bpp : row_bytes;
        switch (type) {
        case 0:
            memcpy(row, in, row_bytes);
            break;
        case 1:
            memcpy(row, in, first);
            for (size_t i = first; i < row_bytes; i++) row[i] = (uint8_t)(in[i] + row[i - bpp]);
            break;
        case 2:
            for (size_t i = 0; i < row_bytes; i++) row[i] = (uint8_t)(in[i] + above[i]);
            break;
        case 3:
            for (size_t i = 0; i < first; i++) row[i] = (uint8_t)(in[i] + (above[i] >> 1));
            for (size_t i = first; i < row_bytes; i++) row[i] = (uint8_t)(in[i] + ((row[i - bpp] + above[i]) >> 1));
            break;
        case 4:
            switch (bpp) {  // constant pixel sizes let the compiler keep a pixel in registers
            case 3: unpaeth_row(in, row, above, row_bytes, 3); break;
            case 4: unpaeth_row(in, row, above, row_bytes, 4); break;
            default: unpaeth_row(in, row, above, row_bytes, bpp); break;
            }
            break;
        default:
            return 0;
        }
    }
    return 1;
}

int ipx_png_decode_fast(const uint8_t *data, size_t size, uint8_t *out, size_t out_size) {
    static const uint8_t signature[8] = {137, 80, 78, 71, 13, 10, 26, 10};
    if (size < 8 + 25 || memcmp(data, signature, 8) != 0) return 0;
    // Walk every chunk to IEND, checking lengths and CRCs, and note where the image data lies.
    uint32_t width = 0, height = 0;
    int depth = 0, color_type = -1;
    size_t idat_total = 0, idat_count = 0, first_idat = 0;
    int idat_done = 0, seen_end = 0;
    size_t at = 8;
    while (at + 12 <= size) {
        uint32_t length = big_endian_32(data + at);
        const uint8_t *type = data + at + 4;
        if (length > size - at - 12) return 0;
        uint32_t crc = (uint32_t)libdeflate_crc32(0, type, (size_t)length + 4);
        if (crc != big_endian_32(data + at + 8 + length)) return 0;
        const uint8_t *body = data + at + 8;
        if (at == 8) {
            if (!is_chunk(type, "IHDR") || length != 13) return 0;
            width = big_endian_32(body);
            height = big_endian_32(body + 4);
            depth = body[8];
            color_type = body[9];
            // compression 0, filter method 0, not interlaced
            if (body[10] != 0 || body[11] != 0 || body[12] != 0) return 0;
        } else if (is_chunk(type, "IDAT")) {
            if (idat_done) return 0;  // image data must be one run of IDAT chunks
            if (idat_count++ == 0) first_idat = at;
            idat_total += length;
        } else {
            if (idat_count > 0) idat_done = 1;
            if (is_chunk(type, "IEND")) {
                seen_end = 1;
                break;
            }
            // tRNS adds an alpha channel; a palette belongs only with colour (as a suggestion);
            // any other critical chunk is libpng's to refuse.
            int palette = is_chunk(type, "PLTE");
            if (is_chunk(type, "tRNS") || (palette && (color_type == 0 || color_type == 4)) ||
                (!palette && (type[0] & 0x20) == 0))
                return 0;
        }
        at += (size_t)length + 12;
    }
    if (!seen_end || idat_count == 0 || width == 0 || height == 0 || width > 0x7fffffff || height > 0x7fffffff)
        return 0;
    int channels = color_type == 0 ? 1 : color_type == 2 ? 3 : color_type == 4 ? 2 : color_type == 6 ? 4 : 0;
    if (channels == 0 || (depth != 8 && depth != 16)) return 0;
    size_t bpp = (size_t)channels * (size_t)(depth / 8);
    size_t row_bytes = (size_t)width * bpp;
    if (row_bytes / bpp != width || row_bytes > out_size / height) return 0;
    size_t filtered_size = (row_bytes + 1) * height;
    if (filtered_size / height != row_bytes + 1 || filtered_size > IPX_PNG_FAST_MAX_FILTERED) return 0;

    // The zlib stream: in place when it is one IDAT, else the IDATs joined.
    const uint8_t *stream = data + first_idat + 8;
    uint8_t *joined = NULL;
    if (idat_count > 1) {
        joined = malloc(idat_total);
        if (!joined) return 0;
        size_t filled = 0;
        for (size_t p = first_idat;; ) {
            uint32_t length = big_endian_32(data + p);
            if (!is_chunk(data + p + 4, "IDAT")) break;
            memcpy(joined + filled, data + p + 8, length);
            filled += length;
            p += (size_t)length + 12;
        }
        stream = joined;
    }
    uint8_t *filtered = malloc(filtered_size);
    uint8_t *zero_row = calloc(row_bytes, 1);
    struct libdeflate_decompressor *inflater = libdeflate_alloc_decompressor();
    int ok = 0;
    if (filtered && zero_row && inflater) {
        size_t produced = 0;
        // The stream must fill the rows exactly; short or over-long data is libpng's to judge.
        enum libdeflate_result result =
            libdeflate_zlib_decompress(inflater, stream, idat_total, filtered, filtered_size, &produced);
        ok = result == LIBDEFLATE_SUCCESS && produced == filtered_size &&
             unfilter(filtered, out, height, row_bytes, bpp, zero_row);
    }
    if (inflater) libdeflate_free_decompressor(inflater);
    free(filtered);
    free(zero_row);
    free(joined);
    return ok;
}
