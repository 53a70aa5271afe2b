#include <stdlib.h>
#include <zlib.h>
#include <libdeflate.h>
#include <zopfli/zopfli.h>
#include "ipx_deflate.h"
#include "ipx_status.h"

// Hands a finished stream to the caller, or frees it and reports why there is none.
static int finish(uint8_t *buffer, size_t produced, int ok, int error, const char *message,
                  ipx_bytes *out, ipx_status *status) {
    if (!ok) {
        free(buffer);
        return ipx_fail(status, error, message);
    }
    out->data = buffer;
    out->size = produced;
    return IPX_OK;
}

static int with_zlib(const uint8_t *data, size_t size, int level, int strategy, ipx_bytes *out,
                     ipx_status *status) {
    z_stream stream = {0};
    // Window 15 and memLevel 9: the largest zlib allows, as libpng uses at level 9.
    if (deflateInit2(&stream, level, Z_DEFLATED, 15, 9, strategy) != Z_OK)
        return ipx_fail(status, IPX_ERR_ENCODE, "zlib refused its settings");
    size_t capacity = deflateBound(&stream, (uLong)size);
    uint8_t *buffer = malloc(capacity);
    if (!buffer) {
        deflateEnd(&stream);
        return ipx_fail(status, IPX_ERR_NO_MEMORY, "out of memory");
    }
    stream.next_in = (Bytef *)data;
    stream.avail_in = (uInt)size;
    stream.next_out = buffer;
    stream.avail_out = (uInt)capacity;
    int code = deflate(&stream, Z_FINISH);
    size_t produced = stream.total_out;
    deflateEnd(&stream);
    return finish(buffer, produced, code == Z_STREAM_END, IPX_ERR_ENCODE, "zlib could not finish the stream",
                  out, status);
}

static int with_libdeflate(const uint8_t *data, size_t size, int level, ipx_bytes *out,
                           ipx_status *status) {
    struct libdeflate_compressor *compressor = libdeflate_alloc_compressor(level);
    if (!compressor) return ipx_fail(status, IPX_ERR_NO_MEMORY, "out of memory");
    size_t capacity = libdeflate_zlib_compress_bound(compressor, size);
    uint8_t *buffer = malloc(capacity);
    size_t produced = buffer ? libdeflate_zlib_compress(compressor, data, size, buffer, capacity) : 0;
    libdeflate_free_compressor(compressor);
    return finish(buffer, produced, produced != 0, IPX_ERR_NO_MEMORY, "out of memory", out, status);
}

static int with_zopfli(const uint8_t *data, size_t size, int iterations, ipx_bytes *out,
                       ipx_status *status) {
    ZopfliOptions options;
    ZopfliInitOptions(&options);
    options.numiterations = iterations > 0 ? iterations : 15;
    unsigned char *buffer = NULL;  // zopfli grows it with realloc, so ipx_free releases it
    size_t produced = 0;
    ZopfliCompress(&options, ZOPFLI_FORMAT_ZLIB, data, size, &buffer, &produced);
    return finish(buffer, produced, buffer != NULL, IPX_ERR_NO_MEMORY, "out of memory", out, status);
}

int ipx_zlib_stream(const uint8_t *data, size_t size, int backend, int level, int strategy,
                    ipx_bytes *out, ipx_status *status) {
    switch (backend) {
    case IPX_DEFLATE_ZLIB: return with_zlib(data, size, level, strategy, out, status);
    case IPX_DEFLATE_LIBDEFLATE: return with_libdeflate(data, size, level, out, status);
    case IPX_DEFLATE_ZOPFLI: return with_zopfli(data, size, level, out, status);
    default: return ipx_fail(status, IPX_ERR_ARGUMENT, "unknown deflate backend");
    }
}

int ipx_zlib_inflate(const uint8_t *data, size_t size, size_t limit, ipx_bytes *out) {
    size_t capacity = 4096, filled = 0;
    uint8_t *buffer = malloc(capacity);
    z_stream stream = {0};
    if (!buffer || inflateInit(&stream) != Z_OK) {
        free(buffer);
        return 0;
    }
    stream.next_in = (Bytef *)data;
    stream.avail_in = (uInt)(size < UINT32_MAX ? size : UINT32_MAX);
    int result = Z_OK;
    while (result == Z_OK) {
        if (filled == capacity) {
            uint8_t *larger = capacity < limit ? realloc(buffer, capacity * 2) : NULL;
            if (!larger) break;
            buffer = larger;
            capacity *= 2;
        }
        stream.next_out = buffer + filled;
        stream.avail_out = (uInt)(capacity - filled);
        result = inflate(&stream, Z_NO_FLUSH);
        filled = capacity - stream.avail_out;
    }
    inflateEnd(&stream);
    if (result != Z_STREAM_END || filled > limit) {
        free(buffer);
        return 0;
    }
    out->data = buffer;
    out->size = filled;
    return 1;
}
