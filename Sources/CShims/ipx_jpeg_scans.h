// Progressive scan scripts: the AC layouts tried per component, the estimate of each one's bytes,
// and the measurement of each scan's bytes in a written file. Private to CShims.
#ifndef IPX_JPEG_SCANS_H
#define IPX_JPEG_SCANS_H

#include <stddef.h>
#include <stdio.h>
#include <jpeglib.h>

// How one component's AC coefficients are split into scans: up to 4 scans of (Ss, Se, Ah, Al).
typedef struct {
    int count;
    int scans[4][4];
} ipx_ac_option;

#define IPX_AC_OPTION_COUNT 17

// The lossy coder's script when no per-image estimate can be made (out of memory): luma in two
// bands with successive approximation, chroma as libjpeg does. Of 20 pairs measured on 13 photos
// at coder qualities 46, 72 and 92, this one was smallest on average: 0.4-0.6 % below libjpeg's
// simple progression.
#define IPX_AC_OPTION_CODER_LUMA 4
#define IPX_AC_OPTION_CODER_CHROMA 7
extern const ipx_ac_option ipx_ac_options[IPX_AC_OPTION_COUNT];

// Writes a script into scans (capacity IPX_MAX_SCANS): the DC coefficients first, then for each
// component the first scans of its option, then the refinement scans. Returns the scan count.
#define IPX_MAX_SCANS 64
int ipx_build_script(const struct jpeg_compress_struct *cinfo, const int option_of[MAX_COMPONENTS],
                     jpeg_scan_info *scans);

// Estimated bytes of each option's AC scans for each component, from the coefficients (see
// ipx_jpeg_scan_cost.h): cost[k][c] for the first option_count options. blocks_wide/high give
// each component's coded extent; sample_blocks (0: all) bounds the blocks read per component.
// With threads above 1, luma is counted on a second thread (the result is the same). Returns 0
// when memory runs out.
int ipx_estimate_options(j_common_ptr cinfo, jvirt_barray_ptr *coefficients, int components,
                         const JDIMENSION blocks_wide[], const JDIMENSION blocks_high[], int option_count,
                         size_t sample_blocks, int threads, double cost[IPX_AC_OPTION_COUNT][MAX_COMPONENTS]);

// Blocks per component the search reads, for the lossy coder's file and for lossless
// re-optimization alike: on the same coefficients the two must choose the same script, or a
// second run re-optimizes the first one's output (with 1024 for the coder and 4096 for the
// lossless pass, a second --in-place run rewrote 8 MP photos 0.04 % smaller). Against 4096,
// BD-rate vs MozJPEG moved by 0.01 points on each of three photo sets (q80 bytes within
// 0.02 %), and a 512x512 photo's luma is counted in a quarter of the time; choices from 4096
// had cost 0.001 % more than choices from all blocks.
#define IPX_SCAN_SAMPLE_BLOCKS 1024

// Sets option_of[c] to component c's cheapest option by cost (0 for components past `components`).
void ipx_cheapest_options(int components, int option_count, double cost[IPX_AC_OPTION_COUNT][MAX_COMPONENTS],
                          int option_of[MAX_COMPONENTS]);

// The blocks a single-component scan of component c codes, before jpeg_start_compress or
// jpeg_write_coefficients has computed them: the component's samples rounded up to whole blocks.
void ipx_coded_blocks(const struct jpeg_compress_struct *cinfo, int c, JDIMENSION *wide, JDIMENSION *high);

// The bytes each scan of a progressive file costs: its SOS header, its entropy-coded data, and
// the tables written just before it. Returns how many scans were found (at most capacity).
int ipx_scan_sizes(const unsigned char *data, size_t size, size_t *sizes, int capacity);

#endif
