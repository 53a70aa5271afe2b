#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ipx_jpeg_chroma.h"
#include "ipx_jpeg_coder.h"
#include "ipx_jpeg_math.h"
#include "ipx_jpeg_quantize.h"

// The weight of bits against squared error in quantization steps (see ipx_ac_cost). Tuned with
// make bench's SSIMULACRA2 sweep: 0.02 and 0.08 both did worse; weighting blocks by their
// texture (larger lambda where texture masks error, as MozJPEG and jpegli do in their ways)
// lost 3-16 % BD-rate, the other way round gained nothing.
#ifndef IPX_TRELLIS_LAMBDA
#define IPX_TRELLIS_LAMBDA 0.04f
#endif
// Passes of the chroma downsampler (ipx_jpeg_chroma.c): 2 gained 5.4 % BD-rate over the box
// filter; 4 and 5 gained nothing more.
#ifndef IPX_CHROMA_ITERATIONS
#define IPX_CHROMA_ITERATIONS 2
#endif
// Chroma's quantization table, in percent of luma's (Robidoux's single table): finer chroma
// measured 1.5 % better than equal (65 %, 90 % and 125 % were worse than 80 %; SSIMULACRA2
// weighs colour errors more than the table's authors assumed).
#ifndef IPX_CHROMA_SCALE
#define IPX_CHROMA_SCALE 80
#endif

#ifndef IPX_DERING
#define IPX_DERING 1
#endif

// Published by Nicolas Robidoux for ImageMagick; MozJPEG's default table (its quant_table 3).
const unsigned int ipx_robidoux_table[64] = {
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
    jpeg_add_quant_table(cinfo, 0, ipx_robidoux_table, scale, TRUE);
    jpeg_add_quant_table(cinfo, 1, ipx_robidoux_table, scale * IPX_CHROMA_SCALE / 100, TRUE);
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
    float *sampled[3];  // full-resolution components: the iMCU row (== full)
                        // subsampled chroma: the whole image's plane, computed once
    jvirt_barray_ptr arrays[3];
    ipx_rate_model rates[2];
    double counts_ac[2][256];
    double counts_dc[2][16];
    // DC trellis of one component's iMCU row: values in block order, then in coding order.
    float *dc_scaled;
    float *dc_chain;
    int16_t *dc_values;
    JCOEF **dc_order;
    int last_dc[3];
} coder;

static int subsampled(const component_plan *plan) {
    return plan->h_step > 1 || plan->v_step > 1;
}

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
        for (int x = 0; x < k->padded_width; x++) {
            const uint8_t *p = row + 3 * (size_t)(x < width ? x : width - 1);
            luma[x] = 0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2] - 128.0f;
        }
        // Subsampled chroma was computed for the whole image up front (ipx_chroma_downsample).
        if (subsampled(&k->plan[1])) continue;
        for (int c = 1; c < 3; c++) {
            float *chroma = k->full[c] + (size_t)r * k->padded_width;
            for (int x = 0; x < k->padded_width; x++)
                chroma[x] = ipx_chroma_of(row + 3 * (size_t)(x < width ? x : width - 1), c);
        }
    }
}

// block_row counts within the iMCU row; a whole-image plane is indexed from the image's top.
static void block_dct(const coder *k, int c, int mcu_row, int block_row, int block_col, float coef[64]) {
    const component_plan *plan = &k->plan[c];
    int width = plan->blocks_wide * 8;
    if (subsampled(plan)) block_row += mcu_row * k->cinfo->comp_info[c].v_samp_factor;
    float samples[64];
    for (int y = 0; y < 8; y++)
        memcpy(samples + y * 8, k->sampled[c] + (size_t)(block_row * 8 + y) * width + block_col * 8, 8 * sizeof(float));
    if (IPX_DERING && c == 0) ipx_dering_block(samples, plan->quant);
    ipx_fdct8x8(samples, coef);
}

static JCOEF clamp_ac(long value) {
    return (JCOEF)(value > 1023 ? 1023 : value < -1023 ? -1023 : value);
}

// Counts the run/size symbols sequential coding would emit for a block.
static void count_symbols(coder *k, int table, const JCOEF *block, int dc_difference) {
    k->counts_dc[table][ipx_magnitude_bits(dc_difference)] += 1;
    int run = 0;
    for (int i = 1; i < 64; i++) {
        int value = block[ipx_zigzag[i]];
        if (value == 0) {
            run++;
            continue;
        }
        for (; run > 15; run -= 16) k->counts_ac[table][0xF0] += 1;
        k->counts_ac[table][(run << 4) | ipx_magnitude_bits(value)] += 1;
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

// DC values of one component's blocks in this iMCU row, chosen by trellis in the order the DC
// scan codes them: MCU by MCU, each MCU's blocks row by row (plain raster order for a single
// component, whose scan is not interleaved). The chain continues from the previous iMCU row.
static void choose_dc(coder *k, int c, JBLOCKARRAY rows) {
    const component_plan *plan = &k->plan[c];
    const jpeg_component_info *info = &k->cinfo->comp_info[c];
    int h_samp = k->cinfo->num_components > 1 ? info->h_samp_factor : 1;
    int v_samp = info->v_samp_factor, count = 0;
    for (int mcu = 0; mcu < plan->blocks_wide / h_samp; mcu++)
        for (int r = 0; r < v_samp; r++)
            for (int h = 0; h < h_samp; h++) {
                int b = mcu * h_samp + h;
                k->dc_order[count] = &rows[r][b][0];
                k->dc_chain[count++] = k->dc_scaled[r * plan->blocks_wide + b];
            }
    ipx_trellis_dc(k->dc_chain, count, k->last_dc[c], &k->rates[plan->table], IPX_TRELLIS_LAMBDA, k->dc_values);
    for (int i = 0; i < count; i++) *k->dc_order[i] = k->dc_values[i];
    k->last_dc[c] = k->dc_values[count - 1];
}

// Huffman statistics need only a sample: the measuring pass visits about this many iMCU rows.
#define IPX_MEASURED_ROWS 32

// One pass over the image. Measuring: plain rounding on a sample of the rows, counting the
// symbols sequential coding would emit, to estimate code lengths. Otherwise: trellis
// quantization of every block with those estimates, into the coefficient arrays.
static void code_pass(coder *k, int measuring) {
    j_compress_ptr cinfo = k->cinfo;
    int step = measuring && k->mcu_rows > IPX_MEASURED_ROWS ? k->mcu_rows / IPX_MEASURED_ROWS : 1;
    for (int mcu_row = 0; mcu_row < k->mcu_rows; mcu_row += step) {
        convert_rows(k, mcu_row);
        for (int c = 0; c < cinfo->num_components; c++) {
            const component_plan *plan = &k->plan[c];
            int v_samp = cinfo->comp_info[c].v_samp_factor;
            JBLOCKARRAY rows = measuring ? NULL : (*cinfo->mem->access_virt_barray)(
                (j_common_ptr)cinfo, k->arrays[c], (JDIMENSION)(mcu_row * v_samp), (JDIMENSION)v_samp, TRUE);
            for (int r = 0; r < v_samp; r++) {
                int previous_dc = 0;
                for (int b = 0; b < plan->blocks_wide; b++) {
                    float coef[64];
                    block_dct(k, c, mcu_row, r, b, coef);
                    JBLOCK rounded;
                    JCOEF *block = measuring ? rounded : rows[r][b];
                    block[0] = (JCOEF)ipx_round(coef[0] / plan->quant[0]);
                    if (measuring) {
                        for (int i = 1; i < 64; i++) block[i] = clamp_ac(ipx_round(coef[i] / plan->quant[i]));
                        count_symbols(k, plan->table, block, block[0] - previous_dc);
                        previous_dc = block[0];
                    } else {
                        int16_t values[64];
                        ipx_trellis_ac(coef, plan->quant, &k->rates[plan->table], IPX_TRELLIS_LAMBDA, values);
                        for (int i = 1; i < 64; i++) block[i] = clamp_ac(values[i]);
                        k->dc_scaled[r * plan->blocks_wide + b] = coef[0] / plan->quant[0];
                    }
                }
            }
            if (!measuring) choose_dc(k, c, rows);
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
        if (!subsampled(plan)) {
            size_t full_size = (size_t)k->padded_width * (size_t)k->mcu_height * sizeof(float);
            k->sampled[c] = k->full[c] = (*cinfo->mem->alloc_large)((j_common_ptr)cinfo, JPOOL_IMAGE, full_size);
        } else {
            size_t plane_size = (size_t)plan->blocks_wide * 64 * (size_t)plan->blocks_high * sizeof(float);
            k->sampled[c] = (*cinfo->mem->alloc_large)((j_common_ptr)cinfo, JPOOL_IMAGE, plane_size);
            // Scratch space lives only for the downsampling (malloc, not libjpeg's pool, so it
            // does not stay for the whole encode); nothing in between can longjmp.
            float *scratch = malloc(2 * plane_size);
            if (!scratch) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 0);
            ipx_chroma_downsample(pixels, (int)cinfo->image_width, (int)cinfo->image_height, stride, c,
                                  plan->h_step, plan->v_step, k->sampled[c], plan->blocks_wide * 8,
                                  plan->blocks_high * 8, scratch, IPX_CHROMA_ITERATIONS);
            free(scratch);
        }
        arrays[c] = k->arrays[c] = (*cinfo->mem->request_virt_barray)(
            (j_common_ptr)cinfo, JPOOL_IMAGE, FALSE, (JDIMENSION)plan->blocks_wide,
            (JDIMENSION)plan->blocks_high, (JDIMENSION)info->v_samp_factor);
    }
    size_t row_blocks = (size_t)k->plan[0].blocks_wide * (size_t)max_v;  // the most of any component
    k->dc_scaled = (*cinfo->mem->alloc_small)((j_common_ptr)cinfo, JPOOL_IMAGE, row_blocks * sizeof(float));
    k->dc_chain = (*cinfo->mem->alloc_small)((j_common_ptr)cinfo, JPOOL_IMAGE, row_blocks * sizeof(float));
    k->dc_values = (*cinfo->mem->alloc_small)((j_common_ptr)cinfo, JPOOL_IMAGE, row_blocks * sizeof(int16_t));
    k->dc_order = (*cinfo->mem->alloc_small)((j_common_ptr)cinfo, JPOOL_IMAGE, row_blocks * sizeof(JCOEF *));
    (*cinfo->mem->realize_virt_arrays)((j_common_ptr)cinfo);
    // One trellis pass: a second, with statistics measured on the first's output, gained 0.1 %.
    code_pass(k, 1);
    build_rates(k);
    code_pass(k, 0);
    return arrays;
}
