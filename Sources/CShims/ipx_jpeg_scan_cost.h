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

// Estimates the bytes of each of `count` scans of one component (its table, SOS header and
// entropy-coded data) into bytes[]. `coefficients` is the component's realized block array,
// readable through cinfo's memory manager (a compress or decompress object); a single-component
// scan codes its first blocks_wide x blocks_high blocks. One pass over the blocks serves all
// scans; with sample_blocks above 0, a large component is read only on evenly spaced block rows,
// about that many blocks, and the counts are scaled up. Returns 0 when memory runs out.
int ipx_estimate_ac_scans(j_common_ptr cinfo, jvirt_barray_ptr coefficients, JDIMENSION blocks_wide,
                          JDIMENSION blocks_high, const ipx_ac_scan *scans, int count, size_t sample_blocks,
                          double *bytes);

#endif
