// Progressive scan scripts for lossless JPEG re-optimization: the candidates tried per
// component and the measurement of each scan's bytes in a written file. Private to CShims.
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

#define IPX_AC_OPTION_COUNT 11

// The fixed script of the lossy coder's progressive output: luma in two bands with successive
// approximation, chroma as libjpeg does. Of 20 pairs measured on 13 photos at coder qualities
// 46, 72 and 92, this one was smallest: 0.4-0.6 % below libjpeg's simple progression. (The
// per-image search of -O 4 still tries the others.)
#define IPX_AC_OPTION_CODER_LUMA 4
#define IPX_AC_OPTION_CODER_CHROMA 7
extern const ipx_ac_option ipx_ac_options[IPX_AC_OPTION_COUNT];

// Writes a script into scans (capacity IPX_MAX_SCANS): the DC coefficients first, then for each
// component the first scans of its option, then the refinement scans. Returns the scan count.
#define IPX_MAX_SCANS 64
int ipx_build_script(const struct jpeg_compress_struct *cinfo, const int option_of[MAX_COMPONENTS],
                     jpeg_scan_info *scans);

// The bytes each scan of a progressive file costs: its SOS header, its entropy-coded data, and
// the tables written just before it. Returns how many scans were found (at most capacity).
int ipx_scan_sizes(const unsigned char *data, size_t size, size_t *sizes, int capacity);

#endif
