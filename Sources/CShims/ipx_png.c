// libpng reports errors through png_error, which longjmps to the png_jmpbuf set in the ipx_*
// function below. Memory that must survive a jump lives in a context struct, never in locals.
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <png.h>
#include "ipx_color.h"
#include "ipx_deflate.h"
#include "ipx_png.h"
#include "ipx_status.h"

static void on_error(png_structp png, png_const_charp message) {
    ipx_fail((ipx_status *)png_get_error_ptr(png), IPX_ERR_CORRUPT, message);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;  // stderr belongs to the CLI; ancillary-chunk problems are not fatal
}

typedef struct {
    const uint8_t *data;
    size_t size;
    size_t offset;
} memory_reader;

static void read_from_memory(png_structp png, png_bytep out, size_t length) {
    memory_reader *reader = (memory_reader *)png_get_io_ptr(png);
    if (reader->size - reader->offset < length) png_error(png, "file is truncated");
    memcpy(out, reader->data + reader->offset, length);
    reader->offset += length;
}

// The colour chunks the file itself holds ahead of its image data, and whether it is an APNG.
// libpng cannot tell: for an sRGB chunk alone it reports sRGB's gamma and chromaticities as if
// gAMA and cHRM were there, and writing those back would add 48 bytes to a file that had none.
typedef struct {
    int has_gama, has_chrm;
    int has_actl;  // an APNG animation control chunk: the image data is only the first frame
    const uint8_t *iccp;  // the first iCCP chunk's data, or NULL
    size_t iccp_size;
} colour_chunks;

typedef struct {
    png_structp png;
    png_infop info;
    memory_reader reader;
    colour_chunks chunks;  // found by open_reader's walk
    png_bytep icc;  // malloc'd copy handed to the caller
    size_t icc_size;
} read_context;

static uint32_t big_endian_32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int open_reader(read_context *ctx, const uint8_t *data, size_t size, ipx_status *status) {
    if (size < 8 || png_sig_cmp((png_const_bytep)data, 0, 8) != 0)
        return ipx_fail(status, IPX_ERR_CORRUPT, "not a PNG signature");
    // One walk over the chunks before libpng reads them. libpng allocates a text chunk's buffer
    // from its length field before it reads the data (a 54-byte file claiming a 2 GB tEXt took
    // 2 GB and 3 s to fail), so a chunk that runs past the end of the file is found here first;
    // and the colour chunks ahead of the image data are noted.
    int image_data_seen = 0;
    for (size_t offset = 8; offset <= size && size - offset >= 12;) {
        uint32_t length = big_endian_32(data + offset);
        const uint8_t *type = data + offset + 4;
        if (length > size - offset - 12) return ipx_fail(status, IPX_ERR_CORRUPT, "file is truncated");
        if (memcmp(type, "IEND", 4) == 0) break;
        if (memcmp(type, "IDAT", 4) == 0) image_data_seen = 1;
        if (!image_data_seen) {
            colour_chunks *found = &ctx->chunks;
            if (memcmp(type, "gAMA", 4) == 0) found->has_gama = 1;
            if (memcmp(type, "cHRM", 4) == 0) found->has_chrm = 1;
            if (memcmp(type, "acTL", 4) == 0) found->has_actl = 1;
            if (memcmp(type, "iCCP", 4) == 0 && !found->iccp) {
                found->iccp = data + offset + 8;
                found->iccp_size = length;
            }
        }
        offset += 12 + (size_t)length;
    }
    ctx->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, status, on_error, on_warning);
    if (!ctx->png) return ipx_fail(status, IPX_ERR_NO_MEMORY, "out of memory");
    ctx->info = png_create_info_struct(ctx->png);
    if (!ctx->info) return ipx_fail(status, IPX_ERR_NO_MEMORY, "out of memory");
    ctx->reader = (memory_reader){data, size, 0};
    // Keep embedded profiles byte for byte, even ones libpng knows to be slightly off.
    png_set_option(ctx->png, PNG_SKIP_sRGB_CHECK_PROFILE, PNG_OPTION_ON);
    png_set_benign_errors(ctx->png, 1);
    return IPX_OK;
}

static void close_reader(read_context *ctx) {
    if (ctx->png) png_destroy_read_struct(&ctx->png, ctx->info ? &ctx->info : NULL, NULL);
}

// Shared by read_info and decode so both report the same output layout.
// Returns the colour type and depth as stored, before png_read_update_info rewrites them.
static void read_header_and_transforms(read_context *ctx, int *stored_type, int *stored_depth) {
    png_structp png = ctx->png;
    png_set_read_fn(png, &ctx->reader, read_from_memory);
    // imgpress applies its own pixel limit (--max-pixels); libpng's default would cut at 1e6 px rows.
    png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
    png_read_info(png, ctx->info);
    int color_type = png_get_color_type(png, ctx->info);
    int bit_depth = png_get_bit_depth(png, ctx->info);
    *stored_type = color_type;
    *stored_depth = bit_depth;
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, ctx->info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, ctx->info);
}


// Profiles larger than this are not looked at again (the largest real ones are a few MB).
#define IPX_PNG_MAX_RECOVERED_PROFILE ((size_t)16 << 20)

// The profile of an iCCP chunk (name, NUL, method 0, zlib stream), inflated into a malloc'd
// buffer; NULL if it does not inflate.
static uint8_t *inflate_profile(const uint8_t *chunk, size_t chunk_size, size_t *profile_size) {
    const uint8_t *end_of_name = memchr(chunk, 0, chunk_size < 80 ? chunk_size : 80);
    if (!end_of_name || (size_t)(end_of_name - chunk) + 2 > chunk_size || end_of_name[1] != 0) return NULL;
    const uint8_t *stream = end_of_name + 2;
    ipx_bytes profile = {0};
    if (!ipx_zlib_inflate(stream, chunk_size - (size_t)(stream - chunk), IPX_PNG_MAX_RECOVERED_PROFILE, &profile))
        return NULL;
    *profile_size = profile.size;
    return profile.data;
}

// A profile libpng set aside for its rendering intent alone. Some writers store the intent
// byte-swapped (0x01000000 for 1, relative colorimetric), which libpng rejects without a word,
// so the picture would lose the profile it is meant to be shown through. The intent is put right
// (the swapped value when that is a valid intent, else 0, perceptual; an ICC profile's ID is
// computed with the intent zeroed, so it stays valid), and the profile is kept if the rest holds:
// its declared size, the 'acsp' signature, a colour space that suits the image, and Little CMS
// can open it. Profiles rejected for anything else stay dropped.
static uint8_t *recover_profile(const colour_chunks *chunks, int color_type, size_t *profile_size) {
    if (!chunks->iccp) return NULL;
    size_t size = 0;
    uint8_t *profile = inflate_profile(chunks->iccp, chunks->iccp_size, &size);
    if (!profile) return NULL;
    int gray = color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA;
    uint32_t intent = size >= 132 ? big_endian_32(profile + 64) : 0;
    uint32_t swapped = intent >> 24 | (intent >> 8 & 0xFF00) | (intent << 8 & 0xFF0000) | intent << 24;
    int usable = size >= 132 && big_endian_32(profile) == size && memcmp(profile + 36, "acsp", 4) == 0 &&
                 memcmp(profile + 16, gray ? "GRAY" : "RGB ", 4) == 0 && intent > PNG_sRGB_INTENT_ABSOLUTE;
    if (usable) {
        memset(profile + 64, 0, 4);
        if (swapped <= PNG_sRGB_INTENT_ABSOLUTE) profile[67] = (uint8_t)swapped;
        usable = ipx_color_profile_opens(profile, size);
    }
    if (!usable) {
        free(profile);
        return NULL;
    }
    *profile_size = size;
    return profile;
}

static int read_info_body(read_context *ctx, ipx_png_info *info, int want_icc) {
    if (setjmp(png_jmpbuf(ctx->png))) return ((ipx_status *)png_get_error_ptr(ctx->png))->code;
    png_structp png = ctx->png;
    read_header_and_transforms(ctx, &info->color_type, &info->bit_depth);
    info->width = png_get_image_width(png, ctx->info);
    info->height = png_get_image_height(png, ctx->info);
    info->interlaced = png_get_interlace_type(png, ctx->info) != PNG_INTERLACE_NONE;
    info->channels = png_get_channels(png, ctx->info);
    info->output_depth = png_get_bit_depth(png, ctx->info);
    info->has_gamma = png_get_gAMA(png, ctx->info, &info->gamma) != 0;
    info->has_srgb = png_get_sRGB(png, ctx->info, &info->srgb_intent) != 0;
    double *c = info->chrm;
    info->has_chrm = png_get_cHRM(png, ctx->info, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6], &c[7]) != 0;
    const colour_chunks chunks = ctx->chunks;
    if (!chunks.has_gama) info->has_gamma = 0;
    if (!chunks.has_chrm) info->has_chrm = 0;
    info->animated = chunks.has_actl;
    png_charp name;
    int method;
    png_bytep profile;
    png_uint_32 profile_size;
    if (want_icc && png_get_iCCP(png, ctx->info, &name, &method, &profile, &profile_size)) {
        ctx->icc = malloc(profile_size);
        if (!ctx->icc) png_error(png, "out of memory");
        memcpy(ctx->icc, profile, profile_size);
        ctx->icc_size = profile_size;
    } else if (want_icc) {
        ctx->icc = recover_profile(&chunks, info->color_type, &ctx->icc_size);
    }
    return IPX_OK;
}

int ipx_png_read_info(const uint8_t *data, size_t size, ipx_png_info *info, uint8_t **icc,
                      size_t *icc_size, ipx_status *status) {
    read_context ctx = {0};
    int code = open_reader(&ctx, data, size, status);
    if (code == IPX_OK) code = read_info_body(&ctx, info, icc != NULL);
    close_reader(&ctx);
    if (icc) {
        *icc = code == IPX_OK ? ctx.icc : NULL;
        *icc_size = code == IPX_OK ? ctx.icc_size : 0;
        if (code != IPX_OK) free(ctx.icc);
    }
    return code;
}

static int decode_body(read_context *ctx, uint8_t *out, size_t out_size) {
    if (setjmp(png_jmpbuf(ctx->png))) return ((ipx_status *)png_get_error_ptr(ctx->png))->code;
    png_structp png = ctx->png;
    int stored_type, stored_depth;
    read_header_and_transforms(ctx, &stored_type, &stored_depth);
    png_uint_32 height = png_get_image_height(png, ctx->info);
    size_t stride = png_get_rowbytes(png, ctx->info);
    if (stride * height > out_size) {
        return ipx_fail((ipx_status *)png_get_error_ptr(png), IPX_ERR_ARGUMENT,
                        "output buffer too small");
    }
    // With interlace handling on, each pass refines rows in place, so reading every row once
    // per pass into its final position yields the full image without a row-pointer array.
    int passes = png_set_interlace_handling(png);
    for (int pass = 0; pass < passes; pass++)
        for (png_uint_32 y = 0; y < height; y++) png_read_row(png, out + (size_t)y * stride, NULL);
    png_read_end(png, NULL);
    return IPX_OK;
}

int ipx_png_decode(const uint8_t *data, size_t size, uint8_t *out, size_t out_size,
                   ipx_status *status) {
    if (ipx_png_decode_fast(data, size, out, out_size)) return IPX_OK;
    return ipx_png_decode_libpng(data, size, out, out_size, status);
}

int ipx_png_decode_libpng(const uint8_t *data, size_t size, uint8_t *out, size_t out_size,
                          ipx_status *status) {
    read_context ctx = {0};
    int code = open_reader(&ctx, data, size, status);
    if (code == IPX_OK) code = decode_body(&ctx, out, out_size);
    close_reader(&ctx);
    return code;
}
