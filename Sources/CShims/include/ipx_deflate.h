// zlib-format streams (what a PNG's IDAT and iCCP hold) from three deflate implementations:
// zlib (fast, with its strategies), libdeflate (better ratio, up to level 12) and zopfli (the
// smallest, slowly).
#ifndef IPX_DEFLATE_H
#define IPX_DEFLATE_H

#include "ipx_common.h"

enum {
    IPX_DEFLATE_ZLIB = 0,        // level 0-9, strategy IPX_ZLIB_*
    IPX_DEFLATE_LIBDEFLATE = 1,  // level 1-12
    IPX_DEFLATE_ZOPFLI = 2       // level = iterations
};

int ipx_zlib_stream(const uint8_t *data, size_t size, int backend, int level, int strategy,
                    ipx_bytes *out, ipx_status *status);

// Inflates a zlib stream (a PNG iCCP, zTXt or compressed iTXt body) into a malloc'd buffer;
// returns 1, or 0 if it is damaged, ends early or would inflate past `limit` bytes.
int ipx_zlib_inflate(const uint8_t *data, size_t size, size_t limit, ipx_bytes *out);

#endif
