// The lossy JPEG coder's building blocks, exposed so tests can check them one by one: the
// forward DCT, trellis quantization of one block against a model of Huffman code lengths, and
// the weight of a block's texture.
#ifndef IPX_JPEG_QUANTIZE_H
#define IPX_JPEG_QUANTIZE_H

#include <stddef.h>
#include <stdint.h>

// Bits per Huffman symbol, estimated from a first pass: ac[(run << 4) | size], dc[size]. The
// extra bits that follow a symbol (size of them) are counted by the users of the table.
typedef struct {
    float ac[256];
    float dc[16];
} ipx_rate_model;

// N. Robidoux's quantization table for ImageMagick, MozJPEG's default (its quant_table 3), in
// natural order: the base of the coder's tables.
extern const unsigned int ipx_robidoux_table[64];
// Writes the coder's luma table, natural order: Robidoux's with finer low frequencies
// (ipx_jpeg_coder.c says why).
void ipx_coder_luma_table(unsigned int table[64]);

// JPEG's zig-zag scan: natural (row-major) index of the k-th coefficient (ITU T.81 figure A.6).
extern const uint8_t ipx_zigzag[64];

// Forward 8x8 DCT with T.81's scaling (A.3.3: F(u,v) = 1/4 C(u) C(v) sum f cos cos), on
// level-shifted samples in row-major order; out is row-major too.
void ipx_fdct8x8(const float in[64], float out[64]);

// The inverse of ipx_fdct8x8.
void ipx_idct8x8(const float in[64], float out[64]);

// Deringing of blocks that touch the ends of the sample range (white or black text and line
// art): samples at 255 or 0 (level-shifted 127 / -128) may move past the range, since every
// decoder clamps them back, if that keeps the quantized block from ringing inside the range.
// Changes samples in place; returns 1 if it looked at the block (some samples at an end, and
// not all at the same one), else 0.
int ipx_dering_block(float samples[64], const uint16_t quant[64]);

// The rate-distortion cost of coding one block's AC coefficients as `values` (natural order):
// distortion (coef - q * value)^2 / q^2 summed over the 63 AC positions, plus lambda times the
// bits of the run/size symbols, their extra bits, ZRLs and the end-of-block.
float ipx_ac_cost(const float coef[64], const uint16_t quant[64], const ipx_rate_model *rates,
                  float lambda, const int16_t values[64]);

// Trellis quantization of one block's AC coefficients: the values (written to out[1...63],
// natural order; out[0] untouched) that minimize ipx_ac_cost among rounding each coefficient
// or moving it one step toward zero, with any coefficient allowed to become zero (which moves
// the runs and the end-of-block). Returns the cost; never more than plain rounding's.
float ipx_trellis_ac(const float coef[64], const uint16_t quant[64], const ipx_rate_model *rates,
                     float lambda, int16_t out[64]);

// The factor on a luma block's AC trellis lambda for its texture (adaptive quantization by
// masking): from 0.5 for a flat block up to 2 for a busy one, rising with the sum of its AC
// coefficients' magnitudes in quantization steps (1 at 40 steps).
float ipx_masking_weight(const float coef[64], const uint16_t quant[64]);

// DC coefficients are coded as differences from the previous block's, in the order the DC scan
// visits the blocks. For `count` blocks in that order (scaled: DC / quantizer, the first
// block's predecessor coded as `previous`), the cost of coding them as `values`: squared error
// in steps plus lambda times the bits of each difference (size symbol and extra bits).
float ipx_dc_cost(const float *scaled, int count, int previous, const ipx_rate_model *rates,
                  float lambda, const int16_t *values);

// Trellis over the same chain (Viterbi; each value rounded down or up): writes the cheapest
// values to out and returns their cost, never more than plain rounding's.
float ipx_trellis_dc(const float *scaled, int count, int previous, const ipx_rate_model *rates,
                     float lambda, int16_t *out);

#endif
