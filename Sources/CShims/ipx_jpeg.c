// libjpeg calls error_exit (and, for damaged data, emit_message) from deep inside; both jump back
// to the setjmp in the ipx_* function that started the operation. No Swift frame sits between.
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <jpeglib.h>
#include <jerror.h>
#include "ipx_jpeg.h"
#include "ipx_status.h"
#include "ipx_jpeg_scans.h"
#include "ipx_jpeg_coder.h"
#include "ipx_jpeg_icc.h"
#include "ipx_jpeg_dest.h"
#include "ipx_jpeg_split.h"

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    ipx_status *status;
} ipx_jpeg_error;

static void record_and_jump(j_common_ptr cinfo, int code) {
    ipx_jpeg_error *error = (ipx_jpeg_error *)cinfo->err;
    char buffer[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, buffer);
    ipx_fail(error->status, code, buffer);
    longjmp(error->jump, 1);
}

static void on_error_exit(j_common_ptr cinfo) {
    ipx_jpeg_error *error = (ipx_jpeg_error *)cinfo->err;
    if (cinfo->err->msg_code == JERR_BAD_PRECISION) {
        char message[96];
        snprintf(message, sizeof message, "%d-bit samples (only 8-bit JPEG is supported)",
                 cinfo->err->msg_parm.i[0]);
        ipx_fail(error->status, IPX_ERR_UNSUPPORTED, message);
        longjmp(error->jump, 1);
    }
    record_and_jump(cinfo, cinfo->err->msg_code == JERR_OUT_OF_MEMORY ? IPX_ERR_NO_MEMORY
                                                                      : IPX_ERR_CORRUPT);
}

// libjpeg only warns about truncated or damaged entropy data and fills the rest with gray.
// Re-encoding that would bake the damage into a new file, so these warnings are fatal here.
static int warning_means_damage(int code) {
    switch (code) {
    case JWRN_JPEG_EOF:
    case JWRN_HIT_MARKER:
    case JWRN_MUST_RESYNC:
    case JWRN_NOT_SEQUENTIAL:
    case JWRN_BOGUS_PROGRESSION:
    case JWRN_ARITH_BAD_CODE:
    case JWRN_HUFF_BAD_CODE:
        return 1;
    default:
        return 0;
    }
}

static void on_message(j_common_ptr cinfo, int level) {
    if (level == -1 && warning_means_damage(cinfo->err->msg_code))
        record_and_jump(cinfo, IPX_ERR_CORRUPT);
    // Other warnings and trace messages are not printed: stderr belongs to the CLI.
}

static struct jpeg_error_mgr *install_errors(ipx_jpeg_error *error, ipx_status *status) {
    jpeg_std_error(&error->pub);
    error->pub.error_exit = on_error_exit;
    error->pub.emit_message = on_message;
    error->status = status;
    return &error->pub;
}

// An EXIF block must be the first marker, so the JFIF header is left out when one is written.
static int has_exif(const ipx_marker *markers, size_t count) {
    for (size_t i = 0; i < count; i++)
        if (markers[i].code == JPEG_APP0 + 1 && markers[i].size >= 6 && memcmp(markers[i].data, "Exif", 4) == 0)
            return 1;
    return 0;
}

static void write_markers(j_compress_ptr cinfo, const ipx_marker *markers, size_t count) {
    for (size_t i = 0; i < count; i++)
        if (markers[i].size <= 65533)
            jpeg_write_marker(cinfo, markers[i].code, markers[i].data, (unsigned int)markers[i].size);
}

static int family_of(J_COLOR_SPACE space) {
    switch (space) {
    case JCS_GRAYSCALE: return IPX_JPEG_GRAY;
    case JCS_CMYK:
    case JCS_YCCK: return IPX_JPEG_CMYK;
    default: return IPX_JPEG_RGB;
    }
}

static J_COLOR_SPACE output_space_for(int family) {
    switch (family) {
    case IPX_JPEG_GRAY: return JCS_GRAYSCALE;
    case IPX_JPEG_CMYK: return JCS_CMYK;
    default: return JCS_RGB;
    }
}

// ---- read info --------------------------------------------------------------------------

typedef struct {
    struct jpeg_decompress_struct cinfo;
    ipx_jpeg_error error;
    JOCTET *icc;
    unsigned int icc_size;
} read_context;

static int read_info_body(read_context *ctx, const uint8_t *data, size_t size, ipx_jpeg_info *info,
                          int want_icc) {
    if (setjmp(ctx->error.jump)) return ctx->error.status->code;
    jpeg_mem_src(&ctx->cinfo, data, (unsigned long)size);
    if (want_icc) jpeg_save_markers(&ctx->cinfo, JPEG_APP0 + 2, 0xFFFF);
    jpeg_read_header(&ctx->cinfo, TRUE);
    info->width = (int)ctx->cinfo.image_width;
    info->height = (int)ctx->cinfo.image_height;
    info->precision = ctx->cinfo.data_precision;
    info->progressive = ctx->cinfo.progressive_mode ? 1 : 0;
    info->arithmetic = ctx->cinfo.arith_code ? 1 : 0;
    info->color = family_of(ctx->cinfo.jpeg_color_space);
    info->output_channels = info->color == IPX_JPEG_GRAY ? 1 : info->color == IPX_JPEG_CMYK ? 4 : 3;
    info->adobe_inverted = ctx->cinfo.saw_Adobe_marker ? 1 : 0;
    if (want_icc && !ipx_read_icc(&ctx->cinfo, &ctx->icc, &ctx->icc_size)) {
        ctx->icc = NULL;  // absent or damaged profile: decode as untagged
        ctx->icc_size = 0;
    }
    return IPX_OK;
}

int ipx_jpeg_read_info(const uint8_t *data, size_t size, ipx_jpeg_info *info, uint8_t **icc,
                       size_t *icc_size, ipx_status *status) {
    read_context ctx = {0};
    ctx.cinfo.err = install_errors(&ctx.error, status);
    jpeg_create_decompress(&ctx.cinfo);
    int code = read_info_body(&ctx, data, size, info, icc != NULL);
    jpeg_destroy_decompress(&ctx.cinfo);
    if (icc) {
        *icc = NULL;
        *icc_size = 0;
        if (code == IPX_OK && ctx.icc) {
            *icc = ctx.icc;  // malloc'd by libjpeg; the caller frees it with ipx_free
            *icc_size = ctx.icc_size;
        } else {
            free(ctx.icc);
        }
    }
    return code;
}

// ---- decode -----------------------------------------------------------------------------

typedef struct {
    struct jpeg_decompress_struct cinfo;
    ipx_jpeg_error error;
} decode_context;

static int decode_body(decode_context *ctx, const uint8_t *data, size_t size, uint8_t *out,
                       size_t out_size) {
    if (setjmp(ctx->error.jump)) return ctx->error.status->code;
    jpeg_mem_src(&ctx->cinfo, data, (unsigned long)size);
    jpeg_read_header(&ctx->cinfo, TRUE);
    ctx->cinfo.out_color_space = output_space_for(family_of(ctx->cinfo.jpeg_color_space));
    ctx->cinfo.dct_method = JDCT_ISLOW;
    jpeg_start_decompress(&ctx->cinfo);
    size_t stride = (size_t)ctx->cinfo.output_width * (size_t)ctx->cinfo.output_components;
    if (stride * ctx->cinfo.output_height > out_size)
        return ipx_fail(ctx->error.status, IPX_ERR_ARGUMENT, "output buffer too small");
    while (ctx->cinfo.output_scanline < ctx->cinfo.output_height) {
        JSAMPROW row = out + (size_t)ctx->cinfo.output_scanline * stride;
        jpeg_read_scanlines(&ctx->cinfo, &row, 1);
    }
    jpeg_finish_decompress(&ctx->cinfo);
    return IPX_OK;
}

int ipx_jpeg_decode(const uint8_t *data, size_t size, uint8_t *out, size_t out_size,
                    ipx_status *status) {
    decode_context ctx = {0};
    ctx.cinfo.err = install_errors(&ctx.error, status);
    jpeg_create_decompress(&ctx.cinfo);
    int code = decode_body(&ctx, data, size, out, out_size);
    jpeg_destroy_decompress(&ctx.cinfo);
    return code;
}

// ---- encode -----------------------------------------------------------------------------

typedef struct {
    struct jpeg_compress_struct cinfo;
    ipx_jpeg_error error;
    unsigned char *buffer;  // grown by `destination`; ours to free
    unsigned long buffer_size;
    ipx_jpeg_dest destination;
    jpeg_scan_info script[IPX_MAX_SCANS];  // libjpeg reads it until the end of compression
} encode_context;

// The coder's progressive script: per component, the AC layout estimated cheapest for the
// coefficients just made (ipx_jpeg_scan_cost.h); if the estimate cannot be made, the fixed
// script that suits the coder's output on average (see ipx_jpeg_scans.h).
// Returns the estimated bytes of the chosen AC scans (0 when no estimate could be made).
static double choose_coder_script(encode_context *ctx, jvirt_barray_ptr *coefficients, int threads) {
    struct jpeg_compress_struct *cinfo = &ctx->cinfo;
    int option_of[MAX_COMPONENTS];
    for (int c = 0; c < MAX_COMPONENTS; c++)
        option_of[c] = c == 0 ? IPX_AC_OPTION_CODER_LUMA : IPX_AC_OPTION_CODER_CHROMA;
    JDIMENSION wide[MAX_COMPONENTS], high[MAX_COMPONENTS];
    for (int c = 0; c < cinfo->num_components; c++) ipx_coded_blocks(cinfo, c, &wide[c], &high[c]);
    double cost[IPX_AC_OPTION_COUNT][MAX_COMPONENTS];
    double estimate = 0;
    if (ipx_estimate_options((j_common_ptr)cinfo, coefficients, cinfo->num_components, wide, high,
                             IPX_AC_OPTION_COUNT, IPX_SCAN_SAMPLE_BLOCKS, threads, cost)) {
        ipx_cheapest_options(cinfo->num_components, IPX_AC_OPTION_COUNT, cost, option_of);
        for (int c = 0; c < cinfo->num_components; c++) estimate += cost[option_of[c]][c];
    }
    cinfo->num_scans = ipx_build_script(cinfo, option_of, ctx->script);
    cinfo->scan_info = ctx->script;
    return estimate;
}

// The coder's file written on two threads (ipx_jpeg_split.h): each part's object takes the
// parameters of the object that made the coefficients.
typedef struct {
    j_compress_ptr from;
    const ipx_jpeg_encode_options *options;
} encode_split;

static void copy_encode_parameters(j_compress_ptr to, void *context) {
    j_compress_ptr from = ((const encode_split *)context)->from;
    to->image_width = from->image_width;
    to->image_height = from->image_height;
    to->input_components = from->input_components;
    to->in_color_space = from->in_color_space;
    jpeg_set_defaults(to);
    jpeg_set_colorspace(to, from->jpeg_color_space);
    for (int t = 0; t < NUM_QUANT_TBLS; t++) {
        if (!from->quant_tbl_ptrs[t]) continue;
        if (!to->quant_tbl_ptrs[t]) to->quant_tbl_ptrs[t] = jpeg_alloc_quant_table((j_common_ptr)to);
        memcpy(to->quant_tbl_ptrs[t]->quantval, from->quant_tbl_ptrs[t]->quantval,
               sizeof to->quant_tbl_ptrs[t]->quantval);
    }
    for (int c = 0; c < from->num_components; c++) {
        to->comp_info[c].component_id = from->comp_info[c].component_id;
        to->comp_info[c].h_samp_factor = from->comp_info[c].h_samp_factor;
        to->comp_info[c].v_samp_factor = from->comp_info[c].v_samp_factor;
        to->comp_info[c].quant_tbl_no = from->comp_info[c].quant_tbl_no;
        to->comp_info[c].dc_tbl_no = from->comp_info[c].dc_tbl_no;
        to->comp_info[c].ac_tbl_no = from->comp_info[c].ac_tbl_no;
    }
    to->write_JFIF_header = from->write_JFIF_header;
    to->JFIF_major_version = from->JFIF_major_version;
    to->JFIF_minor_version = from->JFIF_minor_version;
    to->density_unit = from->density_unit;
    to->X_density = from->X_density;
    to->Y_density = from->Y_density;
    to->write_Adobe_marker = from->write_Adobe_marker;
}

static void write_encode_markers(j_compress_ptr target, void *context) {
    const ipx_jpeg_encode_options *options = ((const encode_split *)context)->options;
    write_markers(target, options->markers, options->marker_count);
    if (options->icc && options->icc_size > 0)
        jpeg_write_icc_profile(target, options->icc, (unsigned int)options->icc_size);
}

// The coder's file, written by fresh objects from the coefficients (so that they stay in memory,
// with `cinfo`, until every writer is done): progressive on two threads when allowed, and, when
// the file is small enough, baseline too, on a thread of its own when the estimate says so
// early. Returns 0 when a fresh object failed.
static int write_coder_file(encode_context *ctx, jvirt_barray_ptr *coefficients,
                            const ipx_jpeg_encode_options *options) {
    struct jpeg_compress_struct *cinfo = &ctx->cinfo;
    const jpeg_scan_info *script = NULL;
    int scan_count = 0;
    double estimate = 0;
    if (options->progressive) {
        estimate = choose_coder_script(ctx, coefficients, options->threads);
        script = ctx->script;
        scan_count = cinfo->num_scans;
    }
    encode_split split = {cinfo, options};
    ipx_split_writer writer = {copy_encode_parameters, write_encode_markers, &split};
    int trial = options->progressive && options->baseline_trial_max > 0;
    ipx_background_write *baseline = NULL;
    if (trial && options->threads > 1 && estimate > 0 && estimate <= (double)options->baseline_trial_max)
        baseline = ipx_write_start(&writer, coefficients, NULL, 0);
    unsigned char *written = NULL;
    unsigned long written_size = 0;
    int ok = script && options->threads > 1 &&
             ipx_write_split(&writer, coefficients, script, scan_count, &written, &written_size);
    if (!ok) ok = ipx_write_whole(&writer, coefficients, script, scan_count, &written, &written_size);
    if (!ok) {
        ipx_write_discard(baseline);
        return 0;
    }
    if (trial) ipx_baseline_trial(&writer, coefficients, baseline, options->baseline_trial_max, &written, &written_size);
    ctx->buffer = written;
    ctx->buffer_size = written_size;
    return 1;
}

static int encode_body(encode_context *ctx, const uint8_t *pixels, int width, int height,
                       int channels, size_t stride, const ipx_jpeg_encode_options *options) {
    if (setjmp(ctx->error.jump)) return ctx->error.status->code;
    struct jpeg_compress_struct *cinfo = &ctx->cinfo;
    cinfo->image_width = (JDIMENSION)width;
    cinfo->image_height = (JDIMENSION)height;
    cinfo->input_components = channels;
    cinfo->in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(cinfo);
    int own_coder = options->coder == IPX_JPEG_CODER_TRELLIS;
    if (own_coder) {
        ipx_coder_set_tables(cinfo, options->quality);
    } else {
        jpeg_set_quality(cinfo, options->quality, TRUE);
    }
    if (channels == 3) {
        cinfo->comp_info[0].h_samp_factor = options->chroma_h;
        cinfo->comp_info[0].v_samp_factor = options->chroma_v;
        for (int c = 1; c < 3; c++) {
            cinfo->comp_info[c].h_samp_factor = 1;
            cinfo->comp_info[c].v_samp_factor = 1;
        }
    }
    cinfo->optimize_coding = TRUE;
    cinfo->dct_method = JDCT_ISLOW;
    if (options->progressive && !own_coder) jpeg_simple_progression(cinfo);  // the coder's comes later
    if (has_exif(options->markers, options->marker_count)) cinfo->write_JFIF_header = FALSE;
    if (own_coder) {
        jvirt_barray_ptr *coefficients = ipx_coder_run(cinfo, pixels, channels, stride, options->threads);
        if (write_coder_file(ctx, coefficients, options)) return IPX_OK;
        // A fresh object failed (out of memory): this one writes the file and reports the error.
        ipx_jpeg_dest_install(cinfo, &ctx->destination, &ctx->buffer, &ctx->buffer_size);
        jpeg_write_coefficients(cinfo, coefficients);
    } else {
        ipx_jpeg_dest_install(cinfo, &ctx->destination, &ctx->buffer, &ctx->buffer_size);
        jpeg_start_compress(cinfo, TRUE);
    }
    write_markers(cinfo, options->markers, options->marker_count);
    if (options->icc && options->icc_size > 0)
        jpeg_write_icc_profile(cinfo, options->icc, (unsigned int)options->icc_size);
    while (!own_coder && cinfo->next_scanline < cinfo->image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + (size_t)cinfo->next_scanline * stride);
        jpeg_write_scanlines(cinfo, &row, 1);
    }
    jpeg_finish_compress(cinfo);
    return IPX_OK;
}

int ipx_jpeg_encode(const uint8_t *pixels, int width, int height, int channels, size_t stride,
                    const ipx_jpeg_encode_options *options, ipx_bytes *out, ipx_status *status) {
    if (channels != 1 && channels != 3)
        return ipx_fail(status, IPX_ERR_ARGUMENT, "JPEG encoder takes gray or RGB samples");
    encode_context ctx = {0};
    ctx.cinfo.err = install_errors(&ctx.error, status);
    jpeg_create_compress(&ctx.cinfo);
    int code = encode_body(&ctx, pixels, width, height, channels, stride, options);
    jpeg_destroy_compress(&ctx.cinfo);
    if (code == IPX_OK) {
        out->data = ctx.buffer;  // grown with malloc and realloc (ipx_jpeg_dest), so ipx_free releases it
        out->size = ctx.buffer_size;
    } else {
        free(ctx.buffer);
    }
    return code;
}

// ---- lossless optimize ------------------------------------------------------------------

// Writes by fresh objects (ipx_jpeg_split.h), on other threads: each takes the source's
// parameters, as write_copy does, and the caller's markers.
typedef struct {
    struct optimize_context *ctx;
    const ipx_marker *markers;
    size_t marker_count;
} optimize_split;

typedef struct optimize_context {
    struct jpeg_decompress_struct source;
    struct jpeg_compress_struct target;
    ipx_jpeg_error error;  // one handler for both: a failure in either jumps to the same place
    unsigned char *buffer;
    unsigned long buffer_size;
    unsigned char *trial;  // a measurement write of the scan search
    unsigned long trial_size;
    ipx_jpeg_dest destination;  // the target's, into buffer or trial
    JOCTET *icc;
    unsigned int icc_size;
    int threads;  // the scan estimate and the final write may use this many threads (the output is the same)
    int two_threads;  // the final write went through ipx_write_split
    // The baseline trial, when it runs on a thread of its own: it is waited for before the
    // source (which owns the coefficients) is finished or destroyed, on every path.
    ipx_background_write *baseline;
    // How fresh objects are set up; in the context, which outlasts every writer (a writer on
    // another thread may still read it after optimize_body has returned on a failure).
    optimize_split split;
    ipx_split_writer writer;
} optimize_context;

// Writes the coefficients once with `scans` (NULL: libjpeg's simple progression; baseline
// when progressive is 0) into *buffer; with markers only when final.
static void write_copy(optimize_context *ctx, jvirt_barray_ptr *coefficients, int progressive,
                       const jpeg_scan_info *scans, int scan_count, unsigned char **buffer,
                       unsigned long *size, const ipx_marker *markers, size_t marker_count, int final) {
    jpeg_copy_critical_parameters(&ctx->source, &ctx->target);
    ctx->target.optimize_coding = TRUE;
    if (progressive) {
        if (scans) {
            ctx->target.scan_info = scans;
            ctx->target.num_scans = scan_count;
        } else {
            jpeg_simple_progression(&ctx->target);
        }
    }
    if (final && has_exif(markers, marker_count)) ctx->target.write_JFIF_header = FALSE;
    free(*buffer);
    *buffer = NULL;
    *size = 0;
    ipx_jpeg_dest_install(&ctx->target, &ctx->destination, buffer, size);
    jpeg_write_coefficients(&ctx->target, coefficients);
    if (final) {
        write_markers(&ctx->target, markers, marker_count);
        if (ctx->icc) jpeg_write_icc_profile(&ctx->target, ctx->icc, ctx->icc_size);
    }
    jpeg_finish_compress(&ctx->target);
}

static void copy_source_parameters(j_compress_ptr to, void *context) {
    const optimize_split *split = context;
    jpeg_copy_critical_parameters(&split->ctx->source, to);
    if (has_exif(split->markers, split->marker_count)) to->write_JFIF_header = FALSE;
}

static void write_optimize_markers(j_compress_ptr target, void *context) {
    const optimize_split *split = context;
    write_markers(target, split->markers, split->marker_count);
    if (split->ctx->icc) jpeg_write_icc_profile(target, split->ctx->icc, split->ctx->icc_size);
}

// write_copy's final, progressive write of `scans` (NULL: libjpeg's simple progression) into
// *buffer, on two threads when allowed and the script splits.
static void write_final(optimize_context *ctx, jvirt_barray_ptr *coefficients, const jpeg_scan_info *scans,
                        int scan_count, const ipx_split_writer *writer, unsigned char **buffer, unsigned long *size) {
    jpeg_scan_info simple[IPX_MAX_SCANS];
    if (!scans && ctx->threads > 1) {
        // libjpeg's own script, made by jpeg_simple_progression for the target's components.
        jpeg_copy_critical_parameters(&ctx->source, &ctx->target);
        jpeg_simple_progression(&ctx->target);
        if (ctx->target.num_scans <= IPX_MAX_SCANS) {
            scan_count = ctx->target.num_scans;
            memcpy(simple, ctx->target.scan_info, (size_t)scan_count * sizeof simple[0]);
            scans = simple;
        }
    }
    unsigned char *written = NULL;
    unsigned long written_size = 0;
    if (ctx->threads > 1 && scans && ipx_write_split(writer, coefficients, scans, scan_count, &written, &written_size)) {
        free(*buffer);
        *buffer = written;
        *size = written_size;
        if (buffer == &ctx->buffer) ctx->two_threads = 1;
        return;
    }
    const optimize_split *split = writer->context;
    write_copy(ctx, coefficients, 1, scans, scan_count, buffer, size, split->markers, split->marker_count, 1);
}

// Each option's AC bytes per component as written: one trial write per option, all components at
// once (scans of different components code independently), read back with ipx_scan_sizes. The
// reference the estimates are tested against. Returns 0 when the sizes could not be read.
static int measure_options(optimize_context *ctx, jvirt_barray_ptr *coefficients, int option_count,
                           double cost[IPX_AC_OPTION_COUNT][MAX_COMPONENTS]) {
    int option_of[MAX_COMPONENTS];
    jpeg_scan_info scans[IPX_MAX_SCANS];
    for (int k = 0; k < option_count; k++) {
        for (int c = 0; c < MAX_COMPONENTS; c++) {
            option_of[c] = k;
            cost[k][c] = 0;
        }
        // Scan layout needs the sampling factors, which copy_critical_parameters sets up.
        jpeg_copy_critical_parameters(&ctx->source, &ctx->target);
        int count = ipx_build_script(&ctx->target, option_of, scans);
        write_copy(ctx, coefficients, 1, scans, count, &ctx->trial, &ctx->trial_size, NULL, 0, 0);
        size_t sizes[IPX_MAX_SCANS];
        if (ipx_scan_sizes(ctx->trial, ctx->trial_size, sizes, IPX_MAX_SCANS) != count) return 0;
        for (int s = 0; s < count; s++)
            if (scans[s].Ss > 0) cost[k][scans[s].component_index[0]] += (double)sizes[s];
    }
    return 1;
}

static int estimate_source_options(optimize_context *ctx, jvirt_barray_ptr *coefficients, int option_count,
                                   size_t sample_blocks, double cost[IPX_AC_OPTION_COUNT][MAX_COMPONENTS]) {
    JDIMENSION wide[MAX_COMPONENTS], high[MAX_COMPONENTS];
    for (int c = 0; c < ctx->source.num_components; c++) {
        wide[c] = ctx->source.comp_info[c].width_in_blocks;
        high[c] = ctx->source.comp_info[c].height_in_blocks;
    }
    return ipx_estimate_options((j_common_ptr)&ctx->source, coefficients, ctx->source.num_components, wide,
                                high, option_count, sample_blocks, ctx->threads, cost);
}

// Estimates every AC option on every component from the coefficients, then builds the script of
// the cheapest combination. Returns 0 when the estimate could not be made (the caller falls back).
static int search_scans(optimize_context *ctx, jvirt_barray_ptr *coefficients, int option_count,
                        size_t sample_blocks, jpeg_scan_info *script, int *script_count, double *estimate) {
    double cost[IPX_AC_OPTION_COUNT][MAX_COMPONENTS];
    if (!estimate_source_options(ctx, coefficients, option_count, sample_blocks, cost)) return 0;
    int option_of[MAX_COMPONENTS];
    ipx_cheapest_options(ctx->source.num_components, option_count, cost, option_of);
    *estimate = 0;
    for (int c = 0; c < ctx->source.num_components; c++) *estimate += cost[option_of[c]][c];
    jpeg_copy_critical_parameters(&ctx->source, &ctx->target);
    *script_count = ipx_build_script(&ctx->target, option_of, script);
    return 1;
}

// Keeps the trial write when it is smaller than the file in the buffer.
static void keep_smaller(optimize_context *ctx) {
    if (ctx->trial_size >= ctx->buffer_size) return;
    unsigned char *swap = ctx->buffer;
    ctx->buffer = ctx->trial;
    ctx->buffer_size = ctx->trial_size;
    ctx->trial = swap;
    ctx->two_threads = 0;  // the file kept is the trial, written by one object
}

static int optimize_body(optimize_context *ctx, const uint8_t *data, size_t size, int scan_mode,
                         int keep_icc, const ipx_marker *markers, size_t marker_count) {
    if (setjmp(ctx->error.jump)) return ctx->error.status->code;
    jpeg_mem_src(&ctx->source, data, (unsigned long)size);
    if (keep_icc) jpeg_save_markers(&ctx->source, JPEG_APP0 + 2, 0xFFFF);
    jpeg_read_header(&ctx->source, TRUE);
    if (keep_icc && !ipx_read_icc(&ctx->source, &ctx->icc, &ctx->icc_size)) {
        ctx->icc = NULL;
        ctx->icc_size = 0;
    }
    jvirt_barray_ptr *coefficients = jpeg_read_coefficients(&ctx->source);
    ctx->split = (optimize_split){ctx, markers, marker_count};
    ctx->writer = (ipx_split_writer){copy_source_parameters, write_optimize_markers, &ctx->split};
    if (scan_mode == IPX_JPEG_SCANS_SIMPLE) {
        write_final(ctx, coefficients, NULL, 0, &ctx->writer, &ctx->buffer, &ctx->buffer_size);
        jpeg_finish_decompress(&ctx->source);
        return IPX_OK;
    }
    if (scan_mode < IPX_JPEG_SCANS_SIMPLE) {
        write_copy(ctx, coefficients, 0, NULL, 0, &ctx->buffer, &ctx->buffer_size, markers, marker_count, 1);
        jpeg_finish_decompress(&ctx->source);
        return IPX_OK;
    }
    // The searched script; at SEARCH_MORE also libjpeg's own (they differ in how DC is coded); and,
    // since progressive headers cost more than they save on small images, baseline below
    // IPX_JPEG_BASELINE_TRIAL_MAX.
    // The smallest file wins.
    jpeg_scan_info script[IPX_MAX_SCANS];
    int count = 0;
    double estimate = 0;
    int searched = search_scans(ctx, coefficients, IPX_AC_OPTION_COUNT, IPX_SCAN_SAMPLE_BLOCKS, script,
                                &count, &estimate);
    // Baseline starts alongside when the estimate says the file will be small enough for it.
    if (ctx->threads > 1 && searched && estimate > 0 && estimate <= IPX_JPEG_BASELINE_TRIAL_MAX)
        ctx->baseline = ipx_write_start(&ctx->writer, coefficients, NULL, 0);
    write_final(ctx, coefficients, searched ? script : NULL, count, &ctx->writer, &ctx->buffer, &ctx->buffer_size);
    if (scan_mode == IPX_JPEG_SCANS_SEARCH_MORE && searched) {
        write_final(ctx, coefficients, NULL, 0, &ctx->writer, &ctx->trial, &ctx->trial_size);
        keep_smaller(ctx);
    }
    // The trial is waited for in any case: finishing the source frees the coefficients.
    ipx_background_write *baseline = ctx->baseline;
    ctx->baseline = NULL;
    if (ipx_baseline_trial(&ctx->writer, coefficients, baseline, IPX_JPEG_BASELINE_TRIAL_MAX, &ctx->buffer,
                           &ctx->buffer_size))
        ctx->two_threads = 0;  // the file kept is baseline, written by one object
    jpeg_finish_decompress(&ctx->source);
    return IPX_OK;
}

int ipx_jpeg_optimize(const uint8_t *data, size_t size, int scan_mode, int keep_icc,
                      const ipx_marker *markers, size_t marker_count, int threads, ipx_bytes *out,
                      int *two_threads, ipx_status *status) {
    optimize_context ctx = {0};
    ctx.threads = threads;
    ctx.source.err = install_errors(&ctx.error, status);
    ctx.target.err = &ctx.error.pub;
    jpeg_create_decompress(&ctx.source);
    jpeg_create_compress(&ctx.target);
    int code = optimize_body(&ctx, data, size, scan_mode, keep_icc, markers, marker_count);
    // After a failure the baseline trial may still be running: wait before the source goes.
    ipx_write_discard(ctx.baseline);
    jpeg_destroy_compress(&ctx.target);
    jpeg_destroy_decompress(&ctx.source);
    if (code == IPX_OK) {
        out->data = ctx.buffer;  // grown with malloc and realloc (ipx_jpeg_dest), so ipx_free releases it
        out->size = ctx.buffer_size;
    } else {
        free(ctx.buffer);
    }
    if (two_threads) *two_threads = code == IPX_OK && ctx.two_threads;
    free(ctx.trial);
    free(ctx.icc);
    return code;
}

_Static_assert(IPX_JPEG_SCAN_OPTIONS == IPX_AC_OPTION_COUNT, "the public option count follows the table");

static int scan_costs_body(optimize_context *ctx, const uint8_t *data, size_t size, size_t sample_blocks,
                           double *estimated, double *written, int *components) {
    if (setjmp(ctx->error.jump)) return ctx->error.status->code;
    jpeg_mem_src(&ctx->source, data, (unsigned long)size);
    jpeg_read_header(&ctx->source, TRUE);
    if (ctx->source.num_components > 4)
        return ipx_fail(ctx->error.status, IPX_ERR_UNSUPPORTED, "more than 4 components");
    jvirt_barray_ptr *coefficients = jpeg_read_coefficients(&ctx->source);
    double estimate[IPX_AC_OPTION_COUNT][MAX_COMPONENTS] = {{0}};
    double measure[IPX_AC_OPTION_COUNT][MAX_COMPONENTS] = {{0}};
    if (!estimate_source_options(ctx, coefficients, IPX_AC_OPTION_COUNT, sample_blocks, estimate))
        return ipx_fail(ctx->error.status, IPX_ERR_NO_MEMORY, "out of memory estimating scans");
    if (!measure_options(ctx, coefficients, IPX_AC_OPTION_COUNT, measure))
        return ipx_fail(ctx->error.status, IPX_ERR_CORRUPT, "could not read back the scans written");
    for (int k = 0; k < IPX_AC_OPTION_COUNT; k++) {
        for (int c = 0; c < 4; c++) {
            estimated[k * 4 + c] = estimate[k][c];
            written[k * 4 + c] = measure[k][c];
        }
    }
    *components = ctx->source.num_components;
    jpeg_finish_decompress(&ctx->source);
    return IPX_OK;
}

int ipx_jpeg_scan_option_costs(const uint8_t *data, size_t size, size_t sample_blocks, double *estimated,
                               double *written, int *components, ipx_status *status) {
    optimize_context ctx = {0};
    ctx.threads = 2;  // the estimate's threaded path, which must give what one thread gives
    ctx.source.err = install_errors(&ctx.error, status);
    ctx.target.err = &ctx.error.pub;
    jpeg_create_decompress(&ctx.source);
    jpeg_create_compress(&ctx.target);
    int code = scan_costs_body(&ctx, data, size, sample_blocks, estimated, written, components);
    jpeg_destroy_compress(&ctx.target);
    jpeg_destroy_decompress(&ctx.source);
    free(ctx.trial);
    free(ctx.buffer);
    return code;
}
