#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "ipx_jpeg_chroma.h"
#include "ipx_jpeg_coder.h"
#include "ipx_jpeg_math.h"
#include "ipx_jpeg_quantize.h"

// The weight of bits against squared error in quantization steps (see ipx_ac_cost). Tuned with
// make bench's SSIMULACRA2 sweep: 0.02 and 0.08 both did worse. Luma blocks scale it by their
// texture (ipx_masking_weight in ipx_jpeg_quantize.c).
#ifndef IPX_TRELLIS_LAMBDA
#define IPX_TRELLIS_LAMBDA 0.04f
#endif
// Passes of the chroma downsampler (ipx_jpeg_chroma.c): 2 gained 5.4 % BD-rate over the box
// filter; 4 and 5 gained nothing more.
#ifndef IPX_CHROMA_ITERATIONS
#define IPX_CHROMA_ITERATIONS 2
#endif
// Chroma's quantization steps, in percent of its table's (below): finer chroma
// measured 1.5 % better than equal (65 %, 90 % and 125 % were worse than 80 %; SSIMULACRA2
// weighs colour errors more than the table's authors assumed).
#ifndef IPX_CHROMA_SCALE
#define IPX_CHROMA_SCALE 80
#endif

#ifndef IPX_DERING
#define IPX_DERING 1
#endif

// Published by Nicolas Robidoux for ImageMagick; MozJPEG's default table (its quant_table 3).
// JPEGQuality reads it to recognise MozJPEG's files.
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

// The coder's tables: Robidoux's, tilted toward finer high frequencies, with the lowest
// frequencies finer still. SSIMULACRA2 punishes errors in a block's mean (blocking, banding)
// far more than the table's authors weighed them, and blur (lost fine detail) more too:
// - A term at f = row + column (1...14) takes 1 + tilt (f - 7) / 7 of Robidoux's step. Luma at
//   tilt -0.75 (f = 14 at a quarter of Robidoux's step, f = 1 at 1.64 times), chroma at -0.3,
//   gained 2.6 % BD-rate against MozJPEG on make bench's six photos, 3.5 % on its nine held-out
//   photos and 1.2 % on eight more; the gray held-out photos gained most (grass -3.1 -> -11.4 %,
//   coins -4.6 -> -12.7 %). Luma -0.6 did 0.5 % worse, -0.9 as well; seven gray photos (three
//   skimage textures, four bench photos made gray) chose the same tilt as the colour ones.
//   Butteraugli disagrees in part: on its scores the six photos lost 1.4 % (motorcycle_left
//   8.6 %); luma -0.45 lost 0.8 % there for 1 % less gain on SSIMULACRA2 (2026-11-30).
// - Luma DC at 0.45 of Robidoux's step and its two first AC terms at 0.69 (instead of the
//   tilt's 1.64), chroma DC at 0.45. With the tilt, first AC terms at 0.55-0.75 were within
//   0.1 %, at 1.1 1.3 % worse; luma DC at 0.38 or 0.52 within 0.1 %.
// Chroma is written at IPX_CHROMA_SCALE of these steps.
#ifndef IPX_LUMA_TILT
#define IPX_LUMA_TILT -0.75f
#endif
#ifndef IPX_CHROMA_TILT
#define IPX_CHROMA_TILT -0.3f
#endif
static const struct {
    int index;  // natural order
    float luma, chroma;  // 0: the tilt's step
} finer_steps[] = {{0, 0.45f, 0.45f}, {1, 0.69f, 0}, {8, 0.69f, 0}};

static void coder_table(int chroma, unsigned int table[64]) {
    float tilt = chroma ? IPX_CHROMA_TILT : IPX_LUMA_TILT;
    for (int i = 0; i < 64; i++) {
        float factor = 1 + tilt * (float)(i / 8 + i % 8 - 7) / 7.0f;
        for (size_t s = 0; s < sizeof finer_steps / sizeof finer_steps[0]; s++) {
            float finer = chroma ? finer_steps[s].chroma : finer_steps[s].luma;
            if (finer_steps[s].index == i && finer > 0) factor = finer;
        }
        table[i] = (unsigned int)((float)ipx_robidoux_table[i] * factor + 0.5f);
    }
}

void ipx_coder_luma_table(unsigned int table[64]) {
    coder_table(0, table);
}

void ipx_coder_set_tables(j_compress_ptr cinfo, int quality) {
    int scale = jpeg_quality_scaling(quality);
    unsigned int luma[64], chroma[64];
    coder_table(0, luma);
    coder_table(1, chroma);
    jpeg_add_quant_table(cinfo, 0, luma, scale, TRUE);
    jpeg_add_quant_table(cinfo, 1, chroma, scale * IPX_CHROMA_SCALE / 100, TRUE);
}

typedef struct {
    int blocks_wide;  // per component, rounded up to whole MCUs
    int blocks_high;
    int h_step;       // full-resolution pixels per sample: max_h / h_samp_factor
    int v_step;
    uint16_t quant[64];
    int table;        // rate model: 0 luma, 1 chroma
} component_plan;

// How often each Huffman symbol occurs, per table (0 luma, 1 chroma).
typedef struct {
    double ac[2][256];
    double dc[2][16];
} symbol_counts;

typedef struct {
    j_compress_ptr cinfo;
    const uint8_t *pixels;
    int channels;
    size_t stride;
    int padded_width;   // whole MCUs
    int mcu_rows;       // iMCU rows
    int mcu_height;     // pixel rows per iMCU row
    component_plan plan[3];
    float *full[3];     // one iMCU row at full resolution per colour plane (the main thread's)
    float *helper_full[3];  // the same for the helper thread, when there is one
    float *plane[3];    // subsampled chroma: the whole image's plane, computed once; else NULL
    jvirt_barray_ptr arrays[3];
    JBLOCKROW *block_rows[3];  // every block row of each array, gathered before threads start
    float *dc_plane[3];        // each block's DC in quantization steps, before the DC trellis
    ipx_rate_model rates[2];
    symbol_counts counts;
    // DC trellis of one component's iMCU row, in coding order.
    float *dc_chain;
    int16_t *dc_values;
    JCOEF **dc_order;
    int last_dc[3];
} coder;

static int subsampled(const component_plan *plan) {
    return plan->h_step > 1 || plan->v_step > 1;
}

// One iMCU row of YCbCr (JFIF full range, level-shifted by 128) at full resolution; columns and
// rows past the image repeat its last pixel, as libjpeg pads. `final` rows get the luma that
// makes up for subsampled chroma; the measuring pass, which only sets the rate model, does
// without it to save the time (on small images it converts every row).
static void convert_rows(const coder *k, int mcu_row, float *const full[3], int final) {
    int width = (int)k->cinfo->image_width, height = (int)k->cinfo->image_height;
    for (int r = 0; r < k->mcu_height; r++) {
        int y = mcu_row * k->mcu_height + r;
        if (y >= height) y = height - 1;
        const uint8_t *row = k->pixels + (size_t)y * k->stride;
        float *luma = full[0] + (size_t)r * k->padded_width;
        if (k->channels == 1) {
            for (int x = 0; x < k->padded_width; x++) luma[x] = (float)row[x < width ? x : width - 1] - 128.0f;
            continue;
        }
        for (int x = 0; x < k->padded_width; x++) {
            const uint8_t *p = row + 3 * (size_t)(x < width ? x : width - 1);
            luma[x] = 0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2] - 128.0f;
        }
        // Subsampled chroma was computed for the whole image up front (downsample_chroma);
        // the luma makes up for the luminance it loses. BD-rate against MozJPEG without -> with
        // it: -11.39 -> -12.03 % on make bench's photos, -7.09 -> -7.56 % on the held-out ones,
        // -10.85 -> -11.83 % on eight photos tuned on neither; it and the linear-light means
        // cost 3-8 % more encoding time on photos.
        if (subsampled(&k->plan[1])) {
            if (final)
                ipx_luminance_keeping_luma(row, width, height, y, k->plane[1], k->plane[2],
                                           k->plan[1].blocks_wide * 8, k->plan[1].h_step, k->plan[1].v_step, luma);
            for (int x = width; x < k->padded_width; x++) luma[x] = luma[width - 1];
            continue;
        }
        for (int c = 1; c < 3; c++) {
            float *chroma = full[c] + (size_t)r * k->padded_width;
            for (int x = 0; x < k->padded_width; x++)
                chroma[x] = ipx_chroma_of(row + 3 * (size_t)(x < width ? x : width - 1), c);
        }
    }
}

// block_row counts within the iMCU row; a whole-image plane is indexed from the image's top.
// `full` is the caller's iMCU row of full-resolution planes.
static void block_dct(const coder *k, float *const full[3], int c, int mcu_row, int block_row, int block_col,
                      float coef[64]) {
    const component_plan *plan = &k->plan[c];
    int width = plan->blocks_wide * 8;
    const float *source = full[c];
    if (subsampled(plan)) {
        block_row += mcu_row * k->cinfo->comp_info[c].v_samp_factor;
        source = k->plane[c];
    }
    float samples[64];
    for (int y = 0; y < 8; y++)
        memcpy(samples + y * 8, source + (size_t)(block_row * 8 + y) * width + block_col * 8, 8 * sizeof(float));
    if (IPX_DERING && c == 0) ipx_dering_block(samples, plan->quant);
    ipx_fdct8x8(samples, coef);
}

static JCOEF clamp_ac(long value) {
    return (JCOEF)(value > 1023 ? 1023 : value < -1023 ? -1023 : value);
}

// Counts the run/size symbols sequential coding would emit for a block.
static void count_symbols(symbol_counts *counts, int table, const JCOEF *block, int dc_difference) {
    counts->dc[table][ipx_magnitude_bits(dc_difference)] += 1;
    int run = 0;
    for (int i = 1; i < 64; i++) {
        int value = block[ipx_zigzag[i]];
        if (value == 0) {
            run++;
            continue;
        }
        for (; run > 15; run -= 16) counts->ac[table][0xF0] += 1;
        counts->ac[table][(run << 4) | ipx_magnitude_bits(value)] += 1;
        run = 0;
    }
    if (run > 0) counts->ac[table][0x00] += 1;
}

// Code lengths from symbol frequencies (the ideal -log2 p, within Huffman's 1...16 bits);
// unseen symbols cost as much as the rarest could.
static void build_rates(coder *k) {
    for (int t = 0; t < 2; t++) {
        double total_ac = 0, total_dc = 0;
        for (int s = 0; s < 256; s++) total_ac += k->counts.ac[t][s];
        for (int s = 0; s < 16; s++) total_dc += k->counts.dc[t][s];
        for (int s = 0; s < 256; s++) {
            double bits = log2((total_ac + 1) / (k->counts.ac[t][s] > 0 ? k->counts.ac[t][s] : 0.5));
            k->rates[t].ac[s] = (float)(bits < 1 ? 1 : bits > 16 ? 16 : bits);
        }
        for (int s = 0; s < 16; s++) {
            double bits = log2((total_dc + 1) / (k->counts.dc[t][s] > 0 ? k->counts.dc[t][s] : 0.5));
            k->rates[t].dc[s] = (float)(bits < 1 ? 1 : bits > 16 ? 16 : bits);
        }
        memset(k->counts.ac[t], 0, sizeof k->counts.ac[t]);
        memset(k->counts.dc[t], 0, sizeof k->counts.dc[t]);
    }
}

// DC values of one component's blocks in this iMCU row, chosen by trellis in the order the DC
// scan codes them: MCU by MCU, each MCU's blocks row by row (plain raster order for a single
// component, whose scan is not interleaved). The chain continues from the previous iMCU row.
static void choose_dc(coder *k, int c, JBLOCKARRAY rows, const float *scaled) {
    const component_plan *plan = &k->plan[c];
    const jpeg_component_info *info = &k->cinfo->comp_info[c];
    int h_samp = k->cinfo->num_components > 1 ? info->h_samp_factor : 1;
    int v_samp = info->v_samp_factor, count = 0;
    for (int mcu = 0; mcu < plan->blocks_wide / h_samp; mcu++)
        for (int r = 0; r < v_samp; r++)
            for (int h = 0; h < h_samp; h++) {
                int b = mcu * h_samp + h;
                k->dc_order[count] = &rows[r][b][0];
                k->dc_chain[count++] = scaled[r * plan->blocks_wide + b];
            }
    ipx_trellis_dc(k->dc_chain, count, k->last_dc[c], &k->rates[plan->table], IPX_TRELLIS_LAMBDA, k->dc_values);
    for (int i = 0; i < count; i++) *k->dc_order[i] = k->dc_values[i];
    k->last_dc[c] = k->dc_values[count - 1];
}

// Huffman statistics need only a sample: the measuring pass visits about this many iMCU rows.
// 8 instead of 32 moved BD-rate against MozJPEG by -0.06, 0.00 and -0.01 points on three photo
// sets (q80 bytes within 0.03 %), and on photos up to about 500 pixels tall, which 32 measured
// whole, it takes a quarter of the time (2026-11-30).
#ifndef IPX_MEASURED_ROWS
#define IPX_MEASURED_ROWS 8
#endif

// One thread of the measuring pass or the trellis pass: it takes the next iMCU row not yet taken
// (every step-th for the measuring pass) until none is left, so a thread that draws simpler rows
// takes more of them. Each has its own row buffers (and counts).
typedef struct {
    const coder *k;
    atomic_int *next;  // rows taken so far, shared
    int step;
    float *full[3];
    symbol_counts *counts;
} row_worker;

// Runs `body` on the worker here and, when the coder has a helper thread's buffers, on a second
// worker there (this thread does everything if that thread cannot start).
static void run_workers(coder *k, int step, symbol_counts *helper_counts, void *(*body)(void *)) {
    atomic_int next = 0;
    row_worker own = {k, &next, step, {k->full[0], k->full[1], k->full[2]}, &k->counts};
    row_worker helper = {k, &next, step, {k->helper_full[0], k->helper_full[1], k->helper_full[2]}, helper_counts};
    pthread_t thread;
    int started = k->helper_full[0] && k->mcu_rows >= 2 && pthread_create(&thread, NULL, body, &helper) == 0;
    body(&own);
    if (started) pthread_join(thread, NULL);
}

static void *measure_rows(void *argument) {
    const row_worker *worker = argument;
    const coder *k = worker->k;
    j_compress_ptr cinfo = k->cinfo;
    for (;;) {
        int mcu_row = atomic_fetch_add(worker->next, 1) * worker->step;
        if (mcu_row >= k->mcu_rows) break;
        convert_rows(k, mcu_row, worker->full, 0);
        for (int c = 0; c < cinfo->num_components; c++) {
            const component_plan *plan = &k->plan[c];
            for (int r = 0; r < cinfo->comp_info[c].v_samp_factor; r++) {
                int previous_dc = 0;
                for (int b = 0; b < plan->blocks_wide; b++) {
                    float coef[64];
                    block_dct(k, worker->full, c, mcu_row, r, b, coef);
                    JBLOCK block;
                    block[0] = (JCOEF)ipx_round(coef[0] / plan->quant[0]);
                    for (int i = 1; i < 64; i++) block[i] = clamp_ac(ipx_round(coef[i] / plan->quant[i]));
                    count_symbols(worker->counts, plan->table, block, block[0] - previous_dc);
                    previous_dc = block[0];
                }
            }
        }
    }
    return NULL;
}

// The measuring pass: plain rounding on a sample of the rows, counting the symbols sequential
// coding would emit, to estimate code lengths. Counts are whole numbers, so their sum does not
// depend on which thread counted which row.
static void measure_pass(coder *k) {
    int step = k->mcu_rows > IPX_MEASURED_ROWS ? k->mcu_rows / IPX_MEASURED_ROWS : 1;
    symbol_counts helper_counts;
    memset(&helper_counts, 0, sizeof helper_counts);
    run_workers(k, step, &helper_counts, measure_rows);
    for (int t = 0; t < 2; t++) {
        for (int s = 0; s < 256; s++) k->counts.ac[t][s] += helper_counts.ac[t][s];
        for (int s = 0; s < 16; s++) k->counts.dc[t][s] += helper_counts.dc[t][s];
    }
}

// Trellis quantization of the AC coefficients of iMCU rows first..end-1, with the measured rates,
// into the coefficient arrays; each block's DC, in quantization steps, goes to dc_plane for the
// DC trellis. Touches only those rows and the caller's `full` rows, so two threads can run it on
// different rows (nothing here can fail or longjmp).
static void code_rows(const coder *k, int first, int end, float *const full[3]) {
    j_compress_ptr cinfo = k->cinfo;
    for (int mcu_row = first; mcu_row < end; mcu_row++) {
        convert_rows(k, mcu_row, full, 1);
        for (int c = 0; c < cinfo->num_components; c++) {
            const component_plan *plan = &k->plan[c];
            int v_samp = cinfo->comp_info[c].v_samp_factor;
            for (int r = 0; r < v_samp; r++) {
                size_t block_row = (size_t)mcu_row * v_samp + r;
                JBLOCKROW row = k->block_rows[c][block_row];
                float *dc = k->dc_plane[c] + block_row * plan->blocks_wide;
                for (int b = 0; b < plan->blocks_wide; b++) {
                    float coef[64];
                    block_dct(k, full, c, mcu_row, r, b, coef);
                    int16_t values[64];
                    float lambda = IPX_TRELLIS_LAMBDA * (c == 0 ? ipx_masking_weight(coef, plan->quant) : 1.0f);
                    ipx_trellis_ac(coef, plan->quant, &k->rates[plan->table], lambda, values);
                    for (int i = 1; i < 64; i++) row[b][i] = clamp_ac(values[i]);
                    dc[b] = coef[0] / plan->quant[0];
                }
            }
        }
    }
}

static void *code_rows_taken(void *argument) {
    const row_worker *worker = argument;
    for (;;) {
        int mcu_row = atomic_fetch_add(worker->next, 1);
        if (mcu_row >= worker->k->mcu_rows) break;
        code_rows(worker->k, mcu_row, mcu_row + 1, worker->full);
    }
    return NULL;
}

// The trellis pass, on two threads when allowed. Each block depends only on the rates, so the
// output does not depend on which thread coded which row.
static void trellis_pass(coder *k) {
    j_compress_ptr cinfo = k->cinfo;
    run_workers(k, 1, NULL, code_rows_taken);
    // The DC trellis runs along the whole scan in coding order, so it stays on one thread.
    for (int mcu_row = 0; mcu_row < k->mcu_rows; mcu_row++) {
        for (int c = 0; c < cinfo->num_components; c++) {
            int v_samp = cinfo->comp_info[c].v_samp_factor;
            size_t block_row = (size_t)mcu_row * v_samp;
            choose_dc(k, c, k->block_rows[c] + block_row, k->dc_plane[c] + block_row * k->plan[c].blocks_wide);
        }
    }
}

typedef struct {
    const uint8_t *pixels;
    int width, height, h_step, v_step, plane_width, plane_height;
    size_t stride;
    float *plane, *scratch;
} downsample_job;

// One thread's share of the chroma means: sample rows first..end-1 of both planes.
typedef struct {
    const downsample_job *jobs;
    int first, end;
} means_band;

static void *compute_means(void *argument) {
    const means_band *band = argument;
    const downsample_job *job = &band->jobs[0];
    float *planes[2] = {band->jobs[0].plane, band->jobs[1].plane};
    float *goals[2] = {band->jobs[0].scratch, band->jobs[1].scratch};
    ipx_chroma_means(job->pixels, job->width, job->height, job->stride, job->h_step, job->v_step, band->first,
                     band->end, planes, goals, job->plane_width);
    return NULL;
}

static void *fit_plane(void *argument) {
    const downsample_job *job = argument;
    size_t plane_size = (size_t)job->plane_width * (size_t)job->plane_height;
    ipx_chroma_fit(job->width, job->height, job->h_step, job->v_step, job->plane, job->scratch,
                   job->scratch + plane_size, job->plane_width, job->plane_height, IPX_CHROMA_ITERATIONS);
    return NULL;
}

// Downsamples Cb and Cr (the coder subsamples both alike): the means of both from one pass over
// the pixels, its rows split between two threads when allowed, then each plane's fitting on its
// own thread. Scratch space is malloc'd here, on the calling thread, so that a failure can report
// through libjpeg.
static void downsample_chroma(coder *k, downsample_job jobs[2], int count, int threads) {
    if (count == 0) return;
    // The means and the luma read both planes with Cb's steps: the coder subsamples Cb and Cr
    // alike (ipx_jpeg.c), so anything else is a bug here.
    if (count != 2 || jobs[0].h_step != jobs[1].h_step || jobs[0].v_step != jobs[1].v_step)
        ERREXIT(k->cinfo, JERR_NOTIMPL);
    for (int j = 0; j < 2; j++)
        jobs[j].scratch = malloc(2 * (size_t)jobs[j].plane_width * (size_t)jobs[j].plane_height * sizeof(float));
    if (!jobs[0].scratch || !jobs[1].scratch) {
        for (int j = 0; j < 2; j++) free(jobs[j].scratch);
        ERREXIT1(k->cinfo, JERR_OUT_OF_MEMORY, 0);
    }
    int rows = (jobs[0].height + jobs[0].v_step - 1) / jobs[0].v_step;
    int split = threads > 1 ? rows / 2 : 0;
    means_band bands[2] = {{jobs, 0, split}, {jobs, split, rows}};
    pthread_t thread;
    int started = split > 0 && pthread_create(&thread, NULL, compute_means, &bands[0]) == 0;
    if (!started) bands[1].first = 0;
    compute_means(&bands[1]);
    if (started) pthread_join(thread, NULL);
    started = threads > 1 && pthread_create(&thread, NULL, fit_plane, &jobs[1]) == 0;
    fit_plane(&jobs[0]);
    if (!started) fit_plane(&jobs[1]);
    if (started) pthread_join(thread, NULL);
    for (int j = 0; j < 2; j++) free(jobs[j].scratch);
}

jvirt_barray_ptr *ipx_coder_run(j_compress_ptr cinfo, const uint8_t *pixels, int channels,
                                size_t stride, int threads) {
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
    downsample_job jobs[2];
    int job_count = 0;
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
            k->full[c] = (*cinfo->mem->alloc_large)((j_common_ptr)cinfo, JPOOL_IMAGE, full_size);
        } else {
            size_t plane_size = (size_t)plan->blocks_wide * 64 * (size_t)plan->blocks_high * sizeof(float);
            k->plane[c] = (*cinfo->mem->alloc_large)((j_common_ptr)cinfo, JPOOL_IMAGE, plane_size);
            // Scratch space lives only for the downsampling (malloc, not libjpeg's pool, so it
            // does not stay for the whole encode).
            jobs[job_count++] = (downsample_job){
                pixels, (int)cinfo->image_width, (int)cinfo->image_height, plan->h_step, plan->v_step,
                plan->blocks_wide * 8, plan->blocks_high * 8, stride, k->plane[c], NULL};
        }
        size_t blocks = (size_t)plan->blocks_wide * (size_t)plan->blocks_high;
        k->dc_plane[c] = (*cinfo->mem->alloc_large)((j_common_ptr)cinfo, JPOOL_IMAGE, blocks * sizeof(float));
        k->block_rows[c] = (*cinfo->mem->alloc_small)(
            (j_common_ptr)cinfo, JPOOL_IMAGE, (size_t)plan->blocks_high * sizeof(JBLOCKROW));
        arrays[c] = k->arrays[c] = (*cinfo->mem->request_virt_barray)(
            (j_common_ptr)cinfo, JPOOL_IMAGE, FALSE, (JDIMENSION)plan->blocks_wide,
            (JDIMENSION)plan->blocks_high, (JDIMENSION)info->v_samp_factor);
    }
    downsample_chroma(k, jobs, job_count, threads);
    size_t row_blocks = (size_t)k->plan[0].blocks_wide * (size_t)max_v;  // the most of any component
    k->dc_chain = (*cinfo->mem->alloc_small)((j_common_ptr)cinfo, JPOOL_IMAGE, row_blocks * sizeof(float));
    k->dc_values = (*cinfo->mem->alloc_small)((j_common_ptr)cinfo, JPOOL_IMAGE, row_blocks * sizeof(int16_t));
    k->dc_order = (*cinfo->mem->alloc_small)((j_common_ptr)cinfo, JPOOL_IMAGE, row_blocks * sizeof(JCOEF *));
    (*cinfo->mem->realize_virt_arrays)((j_common_ptr)cinfo);
    // Row pointers for the threads, gathered here: libjpeg's accessor keeps bookkeeping that two
    // threads must not update at once. The arrays are realized whole in memory (libjpeg-turbo's
    // memory manager has no backing store without a limit set), so the pointers stay valid.
    for (int c = 0; c < cinfo->num_components; c++) {
        int v_samp = cinfo->comp_info[c].v_samp_factor;
        for (int row = 0; row < k->plan[c].blocks_high; row += v_samp) {
            JBLOCKARRAY rows = (*cinfo->mem->access_virt_barray)(
                (j_common_ptr)cinfo, k->arrays[c], (JDIMENSION)row, (JDIMENSION)v_samp, TRUE);
            for (int r = 0; r < v_samp; r++) k->block_rows[c][row + r] = rows[r];
        }
    }
    // A helper thread, when allowed, takes part of the rows of both passes, with row buffers
    // of its own.
    if (threads > 1 && k->mcu_rows >= 2) {
        size_t row_size = (size_t)k->padded_width * (size_t)k->mcu_height * sizeof(float);
        for (int c = 0; c < cinfo->num_components; c++)
            if (k->full[c]) k->helper_full[c] = (*cinfo->mem->alloc_large)((j_common_ptr)cinfo, JPOOL_IMAGE, row_size);
    }
    // One trellis pass: a second, with statistics measured on the first's output, gained 0.1 %.
    measure_pass(k);
    build_rates(k);
    trellis_pass(k);
    return arrays;
}
