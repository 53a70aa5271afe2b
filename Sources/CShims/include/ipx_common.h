// Shared types of the C layer. Every ipx_* function returns 0 on success or an IPX_ERR_* code,
// and on failure fills an ipx_status with the library's own message.
#ifndef IPX_COMMON_H
#define IPX_COMMON_H

#include <stddef.h>
#include <stdint.h>

#define IPX_MESSAGE_CAPACITY 256

// rename() that fails with EEXIST instead of replacing an existing `to` (Linux renameat2 with
// RENAME_NOREPLACE, macOS renamex_np with RENAME_EXCL). Returns 0, or -1 with errno set.
int ipx_rename_noreplace(const char *from, const char *to);

enum {
    IPX_OK = 0,
    IPX_ERR_CORRUPT = 1,      // the data is damaged or truncated
    IPX_ERR_UNSUPPORTED = 2,  // valid, but a variant we do not handle (12-bit JPEG, animation)
    IPX_ERR_NO_MEMORY = 3,
    IPX_ERR_ENCODE = 4,       // the encoder refused its input or options
    IPX_ERR_ARGUMENT = 5      // the caller passed inconsistent sizes
};

typedef struct {
    int code;
    char message[IPX_MESSAGE_CAPACITY];
} ipx_status;

// A buffer allocated with malloc by the C layer; the Swift side frees it with ipx_free.
typedef struct {
    uint8_t *data;
    size_t size;
} ipx_bytes;

// A metadata block to write into an output file: a JPEG marker (code 0xE1 for APP1 and so on,
// data is its payload), or for PNG/WebP the chunk's contents.
typedef struct {
    int code;
    const uint8_t *data;
    size_t size;
} ipx_marker;

void ipx_free(void *pointer);

#endif
