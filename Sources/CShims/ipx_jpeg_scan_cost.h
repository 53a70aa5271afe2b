// The bytes a progressive AC scan would cost, computed from the coefficients without writing it.
// The scan search used to write the whole file once per candidate layout and read each scan's size
// back; counting the symbols a scan would emit (T.81 G.1.2.2 and G.1.2.3) and the optimal Huffman
// code lengths for them (T.81 K.2) gives nearly the same number in a fraction of the time.
// Private to CShims.
#ifndef IPX_JPEG_SCAN_COST_H
#define IPX_JPEG_SCAN_COST_H

#include <stddef.h>
#include <stdio.h>
#include <jpeglib.h>

// One AC scan of one component: coefficients Ss..Se (zig-zag order), bit positions Ah, Al.
typedef struct {
    int ss, se, ah, al;
} ipx_ac_scan;

// The block rows of one component that the estimate reads: all of them, or with sample_blocks
// above 0 and a larger component, evenly spaced rows holding about that many blocks (the counts
// are scaled up by `scale`). The rows are gathered through cinfo's memory manager, which is not
// thread-safe, so that counting can then run on any thread; the coefficient arrays stay in memory
// (libjpeg-turbo has no backing store), so the pointers stay valid. `rows` comes from cinfo's
// image pool and goes with it.
typedef struct {
    JBLOCKROW *rows;
    JDIMENSION row_count;
    JDIMENSION blocks_wide;  // a single-component scan codes this many blocks of each row
    double scale;
} ipx_block_sample;

// `coefficients` is the component's realized block array, readable through cinfo's memory
// manager (a compress or decompress object).
void ipx_sample_block_rows(j_common_ptr cinfo, jvirt_barray_ptr coefficients, JDIMENSION blocks_wide,
                           JDIMENSION blocks_high, size_t sample_blocks, ipx_block_sample *sample);

// Estimates the bytes of each of `count` scans of one component (its table, SOS header and
// entropy-coded data) into bytes[], in one pass over the sampled blocks. Returns 0 when memory
// runs out.
int ipx_count_ac_scans(const ipx_block_sample *sample, const ipx_ac_scan *scans, int count, double *bytes);

#endif
