// Writing a progressive JPEG on two threads. libjpeg codes one scan at a time (with optimized
// tables, a counting pass and a coding pass for each), and each scan of a progressive file is
// self-contained: its own Huffman tables (written just before it), its own EOB runs, padded to a
// whole byte. So two compress objects with the same parameters can each write a file holding the
// DC scans and part of the AC scans, component 0's on one thread and the others' on the other, and
// the scans put back in the script's order give the very bytes one object would have written.
// Private to CShims.
#ifndef IPX_JPEG_SPLIT_H
#define IPX_JPEG_SPLIT_H

#include <stddef.h>
#include <stdio.h>
#include <jpeglib.h>

// Sets up a fresh compress object as the caller's own writer would be (image, components, tables,
// JFIF and Adobe headers); `markers` writes the caller's markers after jpeg_write_coefficients.
typedef struct {
    void (*configure)(j_compress_ptr target, void *context);
    void (*markers)(j_compress_ptr target, void *context);
    void *context;
} ipx_split_writer;

// Writes `coefficients` with the progressive `script` as above into a malloc'd *buffer. The
// coefficient arrays must be fully defined and stay in memory (their owner outlives the call);
// both objects only read them. Returns 0, with *buffer untouched, when the script does not split
// (one component, or no AC scans on one side) or anything failed; the caller then writes the file
// itself.
int ipx_write_split(const ipx_split_writer *writer, jvirt_barray_ptr *coefficients, const jpeg_scan_info *script,
                    int scan_count, unsigned char **buffer, unsigned long *size);

#endif
