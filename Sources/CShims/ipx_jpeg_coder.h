// imgpress's own lossy JPEG coefficients: colour conversion, chroma downsampling, DCT and
// trellis quantization, handed to libjpeg-turbo through jpeg_write_coefficients so that it
// still does the Huffman optimization and the progressive scans. Private to CShims.
#ifndef IPX_JPEG_CODER_H
#define IPX_JPEG_CODER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <jpeglib.h>
#include <jerror.h>

// Quantization tables for the coder: N. Robidoux's table for ImageMagick, the default of
// MozJPEG (its quant_table 3), used for luma and chroma alike, scaled like libjpeg's quality.
void ipx_coder_set_tables(j_compress_ptr cinfo, int quality);

// Allocates and fills one coefficient array per component of cinfo (sizes, sampling factors
// and quantization tables already set) from gray (channels 1) or RGB rows. Memory comes from
// libjpeg's image pool, so an error longjmp leaves nothing behind. With threads above 1, chroma
// downsampling and the trellis pass use a second thread; the output is the same.
jvirt_barray_ptr *ipx_coder_run(j_compress_ptr cinfo, const uint8_t *pixels, int channels,
                                size_t stride, int threads);

#endif
