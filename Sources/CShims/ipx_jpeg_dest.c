#include "ipx_jpeg_dest.h"
#include <stdlib.h>
#include <jerror.h>

static ipx_jpeg_dest *dest_of(j_compress_ptr cinfo) {
    return (ipx_jpeg_dest *)(void *)cinfo->dest;  // the manager is the first member
}

static void start_file(j_compress_ptr cinfo) {
    ipx_jpeg_dest *dest = dest_of(cinfo);
    dest->capacity = 65536;
    *dest->buffer = malloc(dest->capacity);
    if (!*dest->buffer) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 10);
    dest->manager.next_output_byte = *dest->buffer;
    dest->manager.free_in_buffer = dest->capacity;
}

// Called when the block is full: twice the room, the bytes so far kept.
static boolean grow_file(j_compress_ptr cinfo) {
    ipx_jpeg_dest *dest = dest_of(cinfo);
    size_t used = dest->capacity;
    unsigned char *grown = realloc(*dest->buffer, 2 * dest->capacity);
    if (!grown) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 10);
    *dest->buffer = grown;
    dest->capacity *= 2;
    dest->manager.next_output_byte = grown + used;
    dest->manager.free_in_buffer = dest->capacity - used;
    return TRUE;
}

static void end_file(j_compress_ptr cinfo) {
    ipx_jpeg_dest *dest = dest_of(cinfo);
    *dest->size = (unsigned long)(dest->capacity - dest->manager.free_in_buffer);
}

void ipx_jpeg_dest_install(j_compress_ptr cinfo, ipx_jpeg_dest *dest, unsigned char **buffer, unsigned long *size) {
    dest->manager.init_destination = start_file;
    dest->manager.empty_output_buffer = grow_file;
    dest->manager.term_destination = end_file;
    dest->buffer = buffer;
    dest->size = size;
    dest->capacity = 0;
    *size = 0;
    cinfo->dest = &dest->manager;
}
