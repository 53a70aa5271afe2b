// Writing JPEG files from coefficients with fresh libjpeg objects, on other threads.
//
// A progressive JPEG on two threads. libjpeg codes one scan at a time (with optimized
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
// coefficient arrays must be fully defined and stay in memory: their owner may be neither
// finished, aborted nor destroyed until the writers are done. Both objects only read them. Returns 0, with *buffer untouched, when the script does not split
// (one component, or no AC scans on one side) or anything failed; the caller then writes the file
// itself.
int ipx_write_split(const ipx_split_writer *writer, jvirt_barray_ptr *coefficients, const jpeg_scan_info *script,
                    int scan_count, unsigned char **buffer, unsigned long *size);

// One whole file by a fresh object with the writer's parameters and markers, with `script`
// (NULL: baseline): on this thread (ipx_write_whole), or on a thread of its own (ipx_write_start,
// then ipx_write_finish, which waits for it and frees the handle). The same conditions on the
// coefficients hold. Return 0 when the object failed (out of memory); the caller then writes the
// file itself, through an object that reports the error.
int ipx_write_whole(const ipx_split_writer *writer, jvirt_barray_ptr *coefficients, const jpeg_scan_info *script,
                    int scan_count, unsigned char **buffer, unsigned long *size);
typedef struct ipx_background_write ipx_background_write;
ipx_background_write *ipx_write_start(const ipx_split_writer *writer, jvirt_barray_ptr *coefficients,
                                      const jpeg_scan_info *script, int scan_count);
int ipx_write_finish(ipx_background_write *write, unsigned char **buffer, unsigned long *size);
// Waits for a background write (may be NULL) whose file is not wanted, and frees it.
void ipx_write_discard(ipx_background_write *write);

// The baseline trial of the file in *buffer: when it is at most `max` bytes, its baseline version
// (from `started`, or written here when that did not run) replaces it if smaller. `started` (may be
// NULL) is waited for in any case. Returns 1 when the baseline version replaced the file.
int ipx_baseline_trial(const ipx_split_writer *writer, jvirt_barray_ptr *coefficients, ipx_background_write *started,
                       unsigned long max, unsigned char **buffer, unsigned long *size);

#endif
