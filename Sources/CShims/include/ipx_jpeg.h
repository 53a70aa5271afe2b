#ifndef IPX_JPEG_H
#define IPX_JPEG_H

#include "ipx_common.h"

enum { IPX_JPEG_GRAY = 1, IPX_JPEG_RGB = 2, IPX_JPEG_CMYK = 3 };

typedef struct {
    int width;
    int height;
    int precision;        // bits per sample: 8, or 12/16 which we refuse
    int progressive;
    int arithmetic;
    int color;            // IPX_JPEG_* family of the decoded samples
    int output_channels;  // samples per pixel that ipx_jpeg_decode writes (1, 3 or 4)
    int adobe_inverted;   // CMYK stored inverted, as Adobe applications write it
} ipx_jpeg_info;

// Who chooses the quantized coefficients of a lossy JPEG.
enum {
    IPX_JPEG_CODER_LIBJPEG = 0,  // libjpeg-turbo's own DCT and rounding, with its standard tables
    IPX_JPEG_CODER_TRELLIS = 1   // imgpress's: Robidoux tables, float DCT, trellis quantization
};

typedef struct {
    int quality;          // 0...100, libjpeg's scale
    int coder;            // IPX_JPEG_CODER_*
    int chroma_h;         // chroma subsampling factors: 2,2 = 4:2:0; 2,1 = 4:2:2; 1,1 = 4:4:4
    int chroma_v;
    int progressive;
    int threads;          // the trellis coder may use this many threads (the output is the same)
    const uint8_t *icc;   // optional profile to embed (APP2 chunks)
    size_t icc_size;
    const ipx_marker *markers;  // further APPn/COM segments, written in order after the profile
    size_t marker_count;
    // Trellis coder, progressive: when the file comes out at most this many bytes, baseline is
    // written too, from the same coefficients, and the smaller kept (0: never). The bytes are
    // those ipx_jpeg_optimize's baseline would give, so a later lossless pass finds nothing.
    size_t baseline_trial_max;
} ipx_jpeg_encode_options;

// Reads the headers only. On success *icc (if not NULL) receives a malloc'd ICC profile or NULL.
int ipx_jpeg_read_info(const uint8_t *data, size_t size, ipx_jpeg_info *info,
                       uint8_t **icc, size_t *icc_size, ipx_status *status);

// Decodes into out, which holds width * height * output_channels bytes.
int ipx_jpeg_decode(const uint8_t *data, size_t size, uint8_t *out, size_t out_size,
                    ipx_status *status);

// Encodes 8-bit gray (channels 1) or RGB (channels 3) rows.
int ipx_jpeg_encode(const uint8_t *pixels, int width, int height, int channels, size_t stride,
                    const ipx_jpeg_encode_options *options, ipx_bytes *out, ipx_status *status);

// How lossless re-optimization lays out scans.
enum {
    IPX_JPEG_SCANS_BASELINE = 0,     // sequential, optimized Huffman tables
    IPX_JPEG_SCANS_SIMPLE = 1,       // libjpeg's standard progressive script
    IPX_JPEG_SCANS_SEARCH = 2,       // per-component choice among 17 AC layouts, estimated from sampled
                                     // blocks, or baseline if smaller
    IPX_JPEG_SCANS_SEARCH_MORE = 3   // the same, with libjpeg's script written to compete
};

// Files up to this size also try baseline in the scan search: below it, progressive headers
// often cost more than progression saves. On 153 encodes (51 corpus images at q50/80/95)
// baseline won 30 times, never for a progressive file over 12.5 KB; trying it up to 64 KB had
// cost 0.5-0.8 ms on photos of 25-64 KB (a third writer beside the two of the split write).
#define IPX_JPEG_BASELINE_TRIAL_MAX 24576

// Lossless re-optimization: copies the DCT coefficients, rebuilds optimal Huffman tables, with
// the scan layout of scan_mode (the smallest candidate wins). Drops every marker except the ICC
// profile when keep_icc is set, then writes `markers` (complete APPn/COM payloads) in order.
// With threads above 1 the scan search uses a second thread, and a searched progressive file is
// written on two (the scans of component 0 on one, the others' on the other, put back in order);
// the output does not depend on it. *two_threads (if not NULL) tells whether the file was written
// that way, for tests.
int ipx_jpeg_optimize(const uint8_t *data, size_t size, int scan_mode, int keep_icc,
                      const ipx_marker *markers, size_t marker_count, int threads, ipx_bytes *out,
                      int *two_threads, ipx_status *status);

// The scan search's two measures of one file, for tests: for each of the IPX_JPEG_SCAN_OPTIONS AC
// layouts and each component, the bytes estimated from the coefficients and the bytes of a real
// write, at [option * 4 + component]. sample_blocks bounds the blocks the estimate reads per
// component (0: all). Sets *components.
#define IPX_JPEG_SCAN_OPTIONS 17
int ipx_jpeg_scan_option_costs(const uint8_t *data, size_t size, size_t sample_blocks, double *estimated,
                               double *written, int *components, ipx_status *status);

#endif
