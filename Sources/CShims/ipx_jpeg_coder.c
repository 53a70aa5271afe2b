#include <math.h>
#include <string.h>
#include "ipx_jpeg_coder.h"
#include "ipx_jpeg_quantize.h"

// The weight of bits against squared error in quantization steps (see ipx_ac_cost), and how
// much more textured blocks may lose: lambda grows with a block's AC energy, since texture
// masks error (the idea behind MozJPEG's per-block lambda and jpegli's adaptive quantization).
// Both were tuned with make bench's SSIMULACRA2 sweep.
#ifndef IPX_TRELLIS_LAMBDA
#define IPX_TRELLIS_LAMBDA 0.04f
#endif
#ifndef IPX_MASKING_ENERGY
#define IPX_MASKING_ENERGY 0.0f
#endif

#ifndef IPX_CHROMA_SCALE
#define IPX_CHROMA_SCALE 80
#endif

static const unsigned int robidoux_table[64] = {
    16, 16, 16,  18,  25,  37,  56,  85,
    16, 17, 20,  27,  34,  40,  53,  75,
    16, 20, 24,  31,  43,  62,  91,  135,
    18, 27, 31,  40,  53,  74,  106, 156,
    25, 34, 43,  53,  69,  94,  131, 189,
    37, 40, 62,  74,  94,  124, 169, 238,
    56, 53, 91,  106, 131, 169, 226, 311,
    85, 75, 135, 156, 189, 238, 311, 418,
};

void ipx_coder_set_tables(j_compress_ptr cinfo, int quality) {
    int scale = jpeg_quality_scaling(quality);
    jpeg_add_quant_table(cinfo, 0, robidoux_table, scale, TRUE);
    jpeg_add_quant_table(cinfo, 1, robidoux_table, scale * IPX_CHROMA_SCALE / 100, TRUE);
}

typedef struct {
    int blocks_wide;  // per component, rounded up to whole MCUs
    int blocks_high;
    int h_step;       // full-resolution pixels per sample: max_h / h_samp_factor
    int v_step;
    uint16_t quant[64];
    int table;        // rate model: 0 luma, 1 chroma
} component_plan;

typedef struct {
    j_compress_ptr cinfo;
    const uint8_t *pixels;
    int channels;
    size_t stride;
    int padded_width;   // whole MCUs
    int mcu_rows;       // iMCU rows
    int mcu_height;     // pixel rows per iMCU row
    component_plan plan[3];
    float *full[3];     // one iMCU row at full resolution per colour plane
    float *sampled[3];  // the same after downsampling (== full when not subsampled)
    jvirt_barray_ptr arrays[3];
    ipx_rate_model rates[2];
    double counts_ac[2][256];
    double counts_dc[2][16];
} coder;

// One iMCU row of YCbCr (JFIF full range, level-shifted by 128) at full resolution; columns and
// rows past the image repeat its last pixel, as libjpeg pads.
static void convert_rows(coder *k, int mcu_row) {
    int width = (int)k->cinfo->image_width, height = (int)k->cinfo->image_height;
    for (int r = 0; r < k->mcu_height; r++) {
        int y = mcu_row * k->mcu_height + r;
        if (y >= height) y = height - 1;
        const uint8_t *row = k->pixels + (size_t)y * k->stride;
        float *luma = k->full[0] + (size_t)r * k->padded_width;
        if (k->channels == 1) {
            for (int x = 0; x < k->padded_width; x++) luma[x] = (float)row[x < width ? x : width - 1] - 128.0f;
            continue;
        }
        float *cb = k->full[1] + (size_t)r * k->padded_width;
        float *cr = k->full[2] + (size_t)r * k->padded_width;
        for (int x = 0; x < k->padded_width; x++) {
            const uint8_t *p = row + 3 * (size_t)(x < width ? x : width - 1);
            float red = p[0], green = p[1], blue = p[2];
            luma[x] = 0.299f * red + 0.587f * green + 0.114f * blue - 128.0f;
            cb[x] = -0.168735892f * red - 0.331264108f * green + 0.5f * blue;
            cr[x] = 0.5f * red - 0.418687589f * green - 0.081312411f * blue;
        }
    }
}

// Box-filter downsampling: each chroma sample is the mean of the pixels it covers, which keeps
// it centred where libjpeg's decoder expects it.
static void downsample(coder *k, int c) {
    const component_plan *plan = &k->plan[c];
    if (plan->h_step == 1 && plan->v_step == 1) return;
    int width = plan->blocks_wide * 8, rows = k->mcu_height / plan->v_step;
    float scale = 1.0f / (float)(plan->h_step * plan->v_step);
    for (int r = 0; r < rows; r++)
        for (int x = 0; x < width; x++) {
            float sum = 0;
            for (int dy = 0; dy < plan->v_step; dy++) {
                const float *source = k->full[c] + (size_t)(r * plan->v_step + dy) * k->padded_width + x * plan->h_step;
                for (int dx = 0; dx < plan->h_step; dx++) sum += source[dx];
            }
            k->sampled[c][(size_t)r * width + x] = sum * scale;
        }
}

static void block_dct(const coder *k, int c, int block_row, int block_col, float coef[64]) {
    int width = k->plan[c].blocks_wide * 8;
    float samples[64];
    for (int y = 0; y < 8; y++)
        memcpy(samples + y * 8, k->sampled[c] + (size_t)(block_row * 8 + y) * width + block_col * 8, 8 * sizeof(float));
    ipx_fdct8x8(samples, coef);
}

static int size_of(int value) {
    int bits = 0;
    for (unsigned magnitude = (unsigned)(value < 0 ? -value : value); magnitude; magnitude >>= 1) bits++;
    return bits;
}

static JCOEF clamp_ac(long value) {
    return (JCOEF)(value > 1023 ? 1023 : value < -1023 ? -1023 : value);
}

// Counts the run/size symbols sequential coding would emit for a block.
static void count_symbols(coder *k, int table, const JCOEF *block, int dc_difference) {
    k->counts_dc[table][size_of(dc_difference)] += 1;
    int run = 0;
    for (int i = 1; i < 64; i++) {
        int value = block[ipx_zigzag[i]];
        if (value == 0) {
            run++;
            continue;
        }
        for (; run > 15; run -= 16) k->counts_ac[table][0xF0] += 1;
        k->counts_ac[table][(run << 4) | size_of(value)] += 1;
        run = 0;
    }
    if (run > 0) k->counts_ac[table][0x00] += 1;
}

// Code lengths from symbol frequencies (the ideal -log2 p, within Huffman's 1...16 bits);
// unseen symbols cost as much as the rarest could.
static void build_rates(coder *k) {
    for (int t = 0; t < 2; t++) {
        double total_ac = 0, total_dc = 0;
        for (int s = 0; s < 256; s++) total_ac += k->counts_ac[t][s];
        for (int s = 0; s < 16; s++) total_dc += k->counts_dc[t][s];
        for (int s = 0; s < 256; s++) {
            double bits = log2((total_ac + 1) / (k->counts_ac[t][s] > 0 ? k->counts_ac[t][s] : 0.5));
            k->rates[t].ac[s] = (float)(bits < 1 ? 1 : bits > 16 ? 16 : bits);
        }
        for (int s = 0; s < 16; s++) {
            double bits = log2((total_dc + 1) / (k->counts_dc[t][s] > 0 ? k->counts_dc[t][s] : 0.5));
            k->rates[t].dc[s] = (float)(bits < 1 ? 1 : bits > 16 ? 16 : bits);
        }
        memset(k->counts_ac[t], 0, sizeof k->counts_ac[t]);
        memset(k->counts_dc[t], 0, sizeof k->counts_dc[t]);
    }
}

// One pass over the image. Without rates, plain rounding (the first pass, which measures the
// symbol statistics); with them, trellis quantization.
static void code_pass(coder *k, int use_trellis) {
    j_compress_ptr cinfo = k->cinfo;
    int components = cinfo->num_components;
    for (int mcu_row = 0; mcu_row < k->mcu_rows; mcu_row++) {
        convert_rows(k, mcu_row);
        for (int c = 0; c < components; c++) {
            component_plan *plan = &k->plan[c];
            downsample(k, c);
            int v_samp = cinfo->comp_info[c].v_samp_factor;
            JBLOCKARRAY rows = (*cinfo->mem->access_virt_barray)(
                (j_common_ptr)cinfo, k->arrays[c], (JDIMENSION)(mcu_row * v_samp), (JDIMENSION)v_samp, TRUE);
            for (int r = 0; r < v_samp; r++) {
                int previous_dc = 0;
                for (int b = 0; b < plan->blocks_wide; b++) {
                    float coef[64];
                    block_dct(k, c, r, b, coef);
                    JCOEF *block = rows[r][b];
                    int16_t values[64];
                    if (use_trellis) {
                        float lambda = IPX_TRELLIS_LAMBDA;
                        if (IPX_MASKING_ENERGY != 0) {
                            float energy = 0;
                            for (int i = 1; i < 64; i++) {
                                float scaled = coef[i] / plan->quant[i];
                                energy += scaled * scaled;
                            }
                            if (IPX_MASKING_ENERGY > 0) lambda *= 1.0f + energy / IPX_MASKING_ENERGY;
                            else lambda /= 1.0f - energy / IPX_MASKING_ENERGY;
                        }
                        ipx_trellis_ac(coef, plan->quant, &k->rates[plan->table], lambda, values);
                        for (int i = 1; i < 64; i++) block[i] = clamp_ac(values[i]);
                    } else {
                        for (int i = 1; i < 64; i++) block[i] = clamp_ac(lroundf(coef[i] / plan->quant[i]));
                    }
                    block[0] = (JCOEF)lroundf(coef[0] / plan->quant[0]);
                    count_symbols(k, plan->table, block, block[0] - previous_dc);
                    previous_dc = block[0];
                }
            }
            // Keep the source of the next component's downsampling intact: the row loop above
            // only read sampled[c].
        }
    }
}

jvirt_barray_ptr *ipx_coder_run(j_compress_ptr cinfo, const uint8_t *pixels, int channels,
                                size_t stride) {
    coder *k = (*cinfo->mem->alloc_small)((j_common_ptr)cinfo, JPOOL_IMAGE, sizeof(coder));
    memset(k, 0, sizeof *k);
    k->cinfo = cinfo;
    k->pixels = pixels;
    k->channels = channels;
    k->stride = stride;
    int max_h = 1, max_v = 1;
    for (int c = 0; c < cinfo->num_components; c++) {
        if (cinfo->comp_info[c].h_samp_factor > max_h) max_h = cinfo->comp_info[c].h_samp_factor;
        if (cinfo->comp_info[c].v_samp_factor > max_v) max_v = cinfo->comp_info[c].v_samp_factor;
    }
    int mcu_width = 8 * max_h;
    k->mcu_height = 8 * max_v;
    k->padded_width = ((int)cinfo->image_width + mcu_width - 1) / mcu_width * mcu_width;
    k->mcu_rows = ((int)cinfo->image_height + k->mcu_height - 1) / k->mcu_height;
    jvirt_barray_ptr *arrays = (*cinfo->mem->alloc_small)(
        (j_common_ptr)cinfo, JPOOL_IMAGE, sizeof(jvirt_barray_ptr) * (size_t)cinfo->num_components);
    for (int c = 0; c < cinfo->num_components; c++) {
        jpeg_component_info *info = &cinfo->comp_info[c];
        component_plan *plan = &k->plan[c];
        plan->h_step = max_h / info->h_samp_factor;
        plan->v_step = max_v / info->v_samp_factor;
        plan->blocks_wide = k->padded_width / plan->h_step / 8;
        plan->blocks_high = k->mcu_rows * info->v_samp_factor;
        plan->table = c == 0 ? 0 : 1;
        const JQUANT_TBL *table = cinfo->quant_tbl_ptrs[info->quant_tbl_no];
        for (int i = 0; i < 64; i++) plan->quant[i] = table->quantval[i];
        size_t full_size = (size_t)k->padded_width * (size_t)k->mcu_height * sizeof(float);
        k->full[c] = (*cinfo->mem->alloc_large)((j_common_ptr)cinfo, JPOOL_IMAGE, full_size);
        k->sampled[c] = plan->h_step == 1 && plan->v_step == 1
            ? k->full[c]
            : (*cinfo->mem->alloc_large)((j_common_ptr)cinfo, JPOOL_IMAGE, full_size);
        arrays[c] = k->arrays[c] = (*cinfo->mem->request_virt_barray)(
            (j_common_ptr)cinfo, JPOOL_IMAGE, FALSE, (JDIMENSION)plan->blocks_wide,
            (JDIMENSION)plan->blocks_high, (JDIMENSION)info->v_samp_factor);
    }
    (*cinfo->mem->realize_virt_arrays)((j_common_ptr)cinfo);
    code_pass(k, 0);
    build_rates(k);
    code_pass(k, 1);
    return arrays;
}
