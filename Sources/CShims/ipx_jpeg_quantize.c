// Forward DCT, trellis quantization and the masking weight for the lossy JPEG coder
// (ipx_jpeg_coder.c).
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include "ipx_jpeg_quantize.h"
#include "ipx_jpeg_math.h"

const uint8_t ipx_zigzag[64] = {
    0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,
    12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6,  7,  14, 21, 28,
    35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
    58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
};

// Deringing: projection passes, and how far past the range a clipped sample may be pushed.
#ifndef IPX_DERING_PASSES
#define IPX_DERING_PASSES 3
#endif
#ifndef IPX_DERING_LIMIT
#define IPX_DERING_LIMIT 48.0f
#endif

// basis[u][x] = 1/2 C(u) cos((2x + 1) u pi / 16): the separable factor of T.81's formula.
static float basis[8][8];
static pthread_once_t basis_once = PTHREAD_ONCE_INIT;

static void build_basis(void) {
    for (int u = 0; u < 8; u++)
        for (int x = 0; x < 8; x++) {
            double scale = u == 0 ? sqrt(0.125) : 0.5;
            basis[u][x] = (float)(scale * cos((2 * x + 1) * u * M_PI / 16));
        }
}

// One 8-point DCT (stride apart in and out), split into the sums and differences of mirrored
// samples: even frequencies see only the sums, odd ones only the differences.
static inline void dct8(const float *in, int in_stride, float *out, int out_stride) {
    float sums[4], differences[4];
    for (int k = 0; k < 4; k++) {
        float a = in[k * in_stride], b = in[(7 - k) * in_stride];
        sums[k] = a + b;
        differences[k] = a - b;
    }
    for (int u = 0; u < 8; u++) {
        const float *half = (u & 1) ? differences : sums;
        out[u * out_stride] = basis[u][0] * half[0] + basis[u][1] * half[1] + basis[u][2] * half[2] + basis[u][3] * half[3];
    }
}

void ipx_fdct8x8(const float in[64], float out[64]) {
    pthread_once(&basis_once, build_basis);
    float rows[64];
    for (int y = 0; y < 8; y++) dct8(in + y * 8, 1, rows + y * 8, 1);
    for (int u = 0; u < 8; u++) dct8(rows + u, 8, out + u, 8);
}

void ipx_idct8x8(const float in[64], float out[64]) {
    pthread_once(&basis_once, build_basis);
    float columns[64];
    for (int u = 0; u < 8; u++)
        for (int y = 0; y < 8; y++) {
            float sum = 0;
            for (int v = 0; v < 8; v++) sum += basis[v][y] * in[v * 8 + u];
            columns[y * 8 + u] = sum;
        }
    for (int y = 0; y < 8; y++)
        for (int x = 0; x < 8; x++) {
            float sum = 0;
            for (int u = 0; u < 8; u++) sum += basis[u][x] * columns[y * 8 + u];
            out[y * 8 + x] = sum;
        }
}

int ipx_dering_block(float samples[64], const uint16_t quant[64]) {
    // Which samples sit at the ends of the range (white: 255, level-shifted 127; black: 0).
    signed char clipped[64];
    int white = 0, black = 0;
    for (int i = 0; i < 64; i++) {
        clipped[i] = samples[i] >= 127.0f - 1e-3f ? 1 : samples[i] <= -128.0f + 1e-3f ? -1 : 0;
        white += clipped[i] > 0;
        black += clipped[i] < 0;
    }
    // Nothing at the ends, or a flat block: nothing rings.
    if (white + black == 0 || white == 64 || black == 64) return 0;
    // Alternate projections: quantize and rebuild the block, then let clipped samples keep any
    // overshoot past their end (a decoder clamps it away) while every other sample returns to
    // its value. The block drifts toward one whose quantized form does not ring back inside
    // the range, which is what shows as halos around text.
    float work[64], coef[64], rebuilt[64];
    for (int i = 0; i < 64; i++) work[i] = samples[i];
    for (int pass = 0; pass < IPX_DERING_PASSES; pass++) {
        ipx_fdct8x8(work, coef);
        for (int i = 0; i < 64; i++) {
            float steps = coef[i] / (float)quant[i];
            coef[i] = (float)ipx_round(steps) * (float)quant[i];
        }
        ipx_idct8x8(coef, rebuilt);
        for (int i = 0; i < 64; i++) {
            if (clipped[i] > 0) {
                float value = rebuilt[i] > 127.0f ? rebuilt[i] : 127.0f;
                work[i] = value < 127.0f + IPX_DERING_LIMIT ? value : 127.0f + IPX_DERING_LIMIT;
            } else if (clipped[i] < 0) {
                float value = rebuilt[i] < -128.0f ? rebuilt[i] : -128.0f;
                work[i] = value > -128.0f - IPX_DERING_LIMIT ? value : -128.0f - IPX_DERING_LIMIT;
            } else {
                work[i] = samples[i];
            }
        }
    }
    for (int i = 0; i < 64; i++) samples[i] = work[i];
    return 1;
}

// Bits of a run of `run` zeros followed by a non-zero value of `size` bits.
static float run_bits(const ipx_rate_model *rates, int run, int size) {
    return (float)(run >> 4) * rates->ac[0xF0] + rates->ac[((run & 15) << 4) | size] + (float)size;
}

// Squared error in quantization steps (the table already says how visible each frequency is),
// tilted toward the high frequencies: an AC term at f = row + column (1...14) weighs
// 1 + IPX_ERROR_TILT (f - 7) / 7, so the trellis drops fine detail less readily, which
// SSIMULACRA2 counts as blur. Plain squared error, or error over one step, did worse: +6.8 and
// +0.2 % BD-rate against MozJPEG where steps gave -7 %; the tilt at 0.3, 0.45, 0.6, 0.75 and 1.0
// gained 0.2, 0.2, 0.4, 0.3 and -1.1 % on make bench's six photos and 0.1, 0.3, 0.3, 0.35 and
// -1.0 % on nine held-out ones (2026-11-30).
#ifndef IPX_ERROR_TILT
#define IPX_ERROR_TILT 0.6f
#endif

// error_weight[k]: the weight of the k-th coefficient in zig-zag order.
static float error_weight[64];
static pthread_once_t weights_once = PTHREAD_ONCE_INIT;

static void build_weights(void) {
    for (int k = 0; k < 64; k++) {
        int n = ipx_zigzag[k];
        error_weight[k] = 1 + IPX_ERROR_TILT * (float)(n / 8 + n % 8 - 7) / 7.0f;
    }
}

static float weighted_error(float coef, float quant, float value, float weight) {
    float error = (coef - quant * value) / quant;
    return weight * error * error;
}

float ipx_ac_cost(const float coef[64], const uint16_t quant[64], const ipx_rate_model *rates,
                  float lambda, const int16_t values[64]) {
    pthread_once(&weights_once, build_weights);
    float distortion = 0, bits = 0;
    int run = 0;
    for (int k = 1; k < 64; k++) {
        int n = ipx_zigzag[k];
        distortion += weighted_error(coef[n], quant[n], values[n], error_weight[k]);
        if (values[n] == 0) {
            run++;
        } else {
            bits += run_bits(rates, run, ipx_magnitude_bits(values[n]));
            run = 0;
        }
    }
    if (run > 0) bits += rates->ac[0x00];
    return distortion + lambda * bits;
}

float ipx_trellis_ac(const float coef[64], const uint16_t quant[64], const ipx_rate_model *rates,
                     float lambda, int16_t out[64]) {
    // Each coefficient in quantization steps, in zig-zag order; zero_error[k] is the (weighted)
    // distortion of coefficients 1...k if all were zero.
    pthread_once(&weights_once, build_weights);
    float natural[64], scaled[64], zero_error[64];
    for (int n = 0; n < 64; n++) natural[n] = coef[n] / (float)quant[n];  // vectorizes
    zero_error[0] = 0;
    for (int k = 1; k < 64; k++) {
        scaled[k] = natural[ipx_zigzag[k]];
        zero_error[k] = zero_error[k - 1] + error_weight[k] * scaled[k] * scaled[k];
    }
    // States are the zig-zag positions that can hold the last non-zero value so far: position 0
    // (nothing coded yet) and every coefficient that does not round to zero. best[s] is the
    // cheapest cost of coding 1...s with s non-zero; from[s] the state before it.
    int states[64], state_count = 1;
    float best[64];
    int from[64];
    int16_t chosen[64];
    states[0] = 0;
    best[0] = 0;
    for (int k = 1; k < 64; k++) {
        float value_in_steps = scaled[k];
        if (value_in_steps > -0.5f && value_in_steps < 0.5f) continue;  // rounds to zero
        int rounded = ipx_round(value_in_steps);
        int candidates[2] = {rounded, rounded > 0 ? rounded - 1 : rounded + 1};
        int candidate_count = abs(rounded) > 1 ? 2 : 1;
        float cheapest = INFINITY;
        for (int c = 0; c < candidate_count; c++) {
            int value = candidates[c];
            float own = error_weight[k] * (value_in_steps - (float)value) * (value_in_steps - (float)value);
            int size = ipx_magnitude_bits(value);
            for (int i = 0; i < state_count; i++) {
                int s = states[i];
                float cost = best[s] + (zero_error[k - 1] - zero_error[s]) + own +
                             lambda * run_bits(rates, k - s - 1, size);
                if (cost < cheapest) {
                    cheapest = cost;
                    from[k] = s;
                    chosen[k] = (int16_t)value;
                }
            }
        }
        best[k] = cheapest;
        states[state_count++] = k;
    }
    // Close each candidate last position with an end-of-block (none after position 63).
    int last = 0;
    float total = INFINITY;
    for (int i = 0; i < state_count; i++) {
        int s = states[i];
        float cost = best[s] + (zero_error[63] - zero_error[s]) + (s < 63 ? lambda * rates->ac[0x00] : 0);
        if (cost < total) {
            total = cost;
            last = s;
        }
    }
    for (int k = 1; k < 64; k++) out[ipx_zigzag[k]] = 0;
    for (int s = last; s > 0; s = from[s]) out[ipx_zigzag[s]] = chosen[s];
    return total;
}

static float dc_bits(const ipx_rate_model *rates, int difference) {
    int size = ipx_magnitude_bits(difference);
    return rates->dc[size] + (float)size;
}

float ipx_dc_cost(const float *scaled, int count, int previous, const ipx_rate_model *rates,
                  float lambda, const int16_t *values) {
    float cost = 0;
    for (int i = 0; i < count; i++) {
        float error = scaled[i] - (float)values[i];
        cost += error * error + lambda * dc_bits(rates, values[i] - previous);
        previous = values[i];
    }
    return cost;
}

float ipx_trellis_dc(const float *scaled, int count, int previous, const ipx_rate_model *rates,
                     float lambda, int16_t *out) {
    if (count <= 0) return 0;
    // Two states per block: its value rounded down (0) or up (1). choice[i][s] is the state of
    // block i - 1 on the cheapest path into state s of block i.
    float cost[2];
    int value[2];
    unsigned char (*choice)[2] = malloc(sizeof(unsigned char[2]) * (size_t)count);
    int (*values)[2] = malloc(sizeof(int[2]) * (size_t)count);
    if (!choice || !values) {
        // No memory for the path: plain rounding, which the trellis would only have improved.
        for (int i = 0; i < count; i++)
            out[i] = (int16_t)ipx_round(scaled[i]);
        free(choice);
        free(values);
        return ipx_dc_cost(scaled, count, previous, rates, lambda, out);
    }
    for (int i = 0; i < count; i++) {
        int low = (int)floorf(scaled[i]);
        int candidates[2] = {low, low + 1};
        float next[2];
        for (int s = 0; s < 2; s++) {
            float error = scaled[i] - (float)candidates[s];
            float own = error * error;
            if (i == 0) {
                next[s] = own + lambda * dc_bits(rates, candidates[s] - previous);
                choice[i][s] = 0;
            } else {
                float via0 = cost[0] + lambda * dc_bits(rates, candidates[s] - value[0]);
                float via1 = cost[1] + lambda * dc_bits(rates, candidates[s] - value[1]);
                choice[i][s] = via1 < via0;
                next[s] = own + (via1 < via0 ? via1 : via0);
            }
            values[i][s] = candidates[s];
        }
        cost[0] = next[0];
        cost[1] = next[1];
        value[0] = candidates[0];
        value[1] = candidates[1];
    }
    int state = cost[1] < cost[0];
    float total = cost[state];
    for (int i = count - 1; i >= 0; i--) {
        out[i] = (int16_t)values[i][state];
        state = choice[i][state];
    }
    free(choice);
    free(values);
    return total;
}

// Adaptive quantization by masking: a luma block's AC trellis lambda is scaled by
// ((activity + 1) / (IPX_MASKING_REFERENCE + 1))^IPX_MASKING_EXPONENT, kept within 0.5-2, where
// activity is the sum of its AC coefficients' magnitudes in quantization steps. Busy blocks hide
// error, so they trade more of it for bits; flat ones (where banding and ringing show) are
// quantized more gently. Measured with make bench's SSIMULACRA2 sweep against MozJPEG
// (2026-11-30): the six bench photos -14.5 -> -15.2 %, the nine held-out -10.7 -> -11.4 %, seven
// gray photos -7.2 -> -8.0 %. Exponent 0.2-0.7 with reference 20-40 were within 0.3 %; the lower
// bound matters most (1.0 instead of 0.5 lost half the gain), the upper bound little. Activity
// from higher frequencies only (to spare edges) did worse; chroma is left alone. Butteraugli
// agrees (-4.0 % on its scores). Before the tables were tilted, weighting by texture had lost
// 3-16 %: the untilted tables already spent too little on fine detail.
#ifndef IPX_MASKING_EXPONENT
#define IPX_MASKING_EXPONENT 0.5f
#endif
#ifndef IPX_MASKING_REFERENCE
#define IPX_MASKING_REFERENCE 40.0f
#endif

float ipx_masking_weight(const float coef[64], const uint16_t quant[64]) {
    float activity = 0;
    for (int i = 1; i < 64; i++) activity += fabsf(coef[i]) / (float)quant[i];
    float weight = powf((activity + 1.0f) / (IPX_MASKING_REFERENCE + 1.0f), IPX_MASKING_EXPONENT);
    return weight < 0.5f ? 0.5f : weight > 2.0f ? 2.0f : weight;
}
