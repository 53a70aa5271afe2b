// A libjpeg destination that grows the output with realloc and keeps the caller's pointer on the
// live block at every moment. jpeg_mem_dest tells its caller the final block only when
// compression finishes: after a failure midway the caller holds a block it already freed.
// Private to CShims.
#ifndef IPX_JPEG_DEST_H
#define IPX_JPEG_DEST_H

#include <stddef.h>
#include <stdio.h>
#include <jpeglib.h>

typedef struct {
    struct jpeg_destination_mgr manager;
    unsigned char **buffer;  // the caller's: NULL until compression starts, then the live block
    unsigned long *size;     // set when compression finishes
    size_t capacity;
} ipx_jpeg_dest;

// Points cinfo at `dest` (which must outlive the compression), writing into *buffer, which must
// be NULL (free an earlier file first). The caller frees *buffer, whether compression finished or
// failed.
void ipx_jpeg_dest_install(j_compress_ptr cinfo, ipx_jpeg_dest *dest, unsigned char **buffer, unsigned long *size);

#endif
