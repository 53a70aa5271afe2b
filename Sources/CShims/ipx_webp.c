// libwebp reports failures through return codes, so no setjmp is needed here; the C layer
// still owns every libwebp object so Swift sees one calling convention for all codecs.
#include <stdlib.h>
#include <webp/decode.h>
#include <webp/encode.h>
#include <webp/mux.h>
#include <webp/demux.h>
#include "ipx_webp.h"
#include "ipx_status.h"

static const char *describe_status(VP8StatusCode code) {
    switch (code) {
    case VP8_STATUS_OUT_OF_MEMORY: return "out of memory";
    case VP8_STATUS_INVALID_PARAM: return "invalid parameter";
    case VP8_STATUS_BITSTREAM_ERROR: return "corrupt bitstream";
    case VP8_STATUS_UNSUPPORTED_FEATURE: return "unsupported feature";
    case VP8_STATUS_SUSPENDED: return "decoding suspended";
    case VP8_STATUS_USER_ABORT: return "decoding aborted";
    case VP8_STATUS_NOT_ENOUGH_DATA: return "file is truncated";
    default: return "unknown decoder error";
    }
}

static int status_code(VP8StatusCode code) {
    switch (code) {
    case VP8_STATUS_OUT_OF_MEMORY: return IPX_ERR_NO_MEMORY;
    case VP8_STATUS_UNSUPPORTED_FEATURE: return IPX_ERR_UNSUPPORTED;
    default: return IPX_ERR_CORRUPT;
    }
}

static void read_icc(const uint8_t *data, size_t size, uint8_t **icc, size_t *icc_size) {
    WebPData container = {data, size};
    WebPDemuxer *demux = WebPDemux(&container);
    if (!demux) return;  // a damaged container shows up again, with a reason, when decoding
    WebPChunkIterator chunk;
    if (WebPDemuxGetChunk(demux, "ICCP", 1, &chunk)) {
        *icc = malloc(chunk.chunk.size);
        if (*icc) {
            memcpy(*icc, chunk.chunk.bytes, chunk.chunk.size);
            *icc_size = chunk.chunk.size;
        }
        WebPDemuxReleaseChunkIterator(&chunk);
    }
    WebPDemuxDelete(demux);
}

int ipx_webp_read_info(const uint8_t *data, size_t size, ipx_webp_info *info, uint8_t **icc,
                       size_t *icc_size, ipx_status *status) {
    WebPBitstreamFeatures features;
    VP8StatusCode code = WebPGetFeatures(data, size, &features);
    if (code != VP8_STATUS_OK) return ipx_fail(status, status_code(code), describe_status(code));
    info->width = features.width;
    info->height = features.height;
    info->has_alpha = features.has_alpha;
    info->has_animation = features.has_animation;
    info->lossless = features.format == 2 ? 1 : features.format == 1 ? 0 : 2;
    if (icc) {
        *icc = NULL;
        *icc_size = 0;
        read_icc(data, size, icc, icc_size);
    }
    return IPX_OK;
}

int ipx_webp_decode(const uint8_t *data, size_t size, int channels, uint8_t *out, size_t out_size,
                    ipx_status *status) {
    WebPDecoderConfig config;
    if (!WebPInitDecoderConfig(&config))
        return ipx_fail(status, IPX_ERR_UNSUPPORTED, "libwebp version mismatch");
    VP8StatusCode code = WebPGetFeatures(data, size, &config.input);
    if (code != VP8_STATUS_OK) return ipx_fail(status, status_code(code), describe_status(code));
    if (config.input.has_animation)
        return ipx_fail(status, IPX_ERR_UNSUPPORTED, "animated images are not supported yet");
    size_t stride = (size_t)config.input.width * (size_t)channels;
    if (stride * (size_t)config.input.height > out_size)
        return ipx_fail(status, IPX_ERR_ARGUMENT, "output buffer too small");
    config.output.colorspace = channels == 4 ? MODE_RGBA : MODE_RGB;
    config.output.is_external_memory = 1;
    config.output.u.RGBA.rgba = out;
    config.output.u.RGBA.stride = (int)stride;
    config.output.u.RGBA.size = out_size;
    code = WebPDecode(data, size, &config);
    WebPFreeDecBuffer(&config.output);
    if (code != VP8_STATUS_OK) return ipx_fail(status, status_code(code), describe_status(code));
    return IPX_OK;
}

static const char *describe_encoding_error(WebPEncodingError error) {
    switch (error) {
    case VP8_ENC_ERROR_OUT_OF_MEMORY: return "out of memory";
    case VP8_ENC_ERROR_BITSTREAM_OUT_OF_MEMORY: return "out of memory for the bitstream";
    case VP8_ENC_ERROR_BAD_DIMENSION: return "image dimensions are too large for WebP (16383 max)";
    case VP8_ENC_ERROR_PARTITION0_OVERFLOW: return "first partition too large";
    case VP8_ENC_ERROR_PARTITION_OVERFLOW: return "partition too large";
    case VP8_ENC_ERROR_FILE_TOO_BIG: return "file too big for WebP (4 GB max)";
    default: return "encoder failed";
    }
}

// Wraps the encoded bitstream in a container with ICCP, EXIF and XMP chunks as given.
static int attach_chunks(const WebPMemoryWriter *writer, const ipx_webp_encode_options *o,
                         ipx_bytes *out, ipx_status *status) {
    WebPData image = {writer->mem, writer->size};
    WebPMux *mux = WebPMuxCreate(&image, 0);
    if (!mux) return ipx_fail(status, IPX_ERR_ENCODE, "could not build the WebP container");
    const char *ids[3] = {"ICCP", "EXIF", "XMP "};
    WebPData chunks[3] = {{o->icc, o->icc_size}, {o->exif, o->exif_size}, {o->xmp, o->xmp_size}};
    WebPData assembled = {NULL, 0};
    int ok = 1;
    for (int i = 0; i < 3 && ok; i++)
        if (chunks[i].bytes && chunks[i].size > 0) ok = WebPMuxSetChunk(mux, ids[i], &chunks[i], 1) == WEBP_MUX_OK;
    int code = IPX_OK;
    if (!ok || WebPMuxAssemble(mux, &assembled) != WEBP_MUX_OK) {
        code = ipx_fail(status, IPX_ERR_ENCODE, "could not embed the metadata chunks");
    } else {
        code = ipx_copy_out(assembled.bytes, assembled.size, out, status);
    }
    WebPDataClear(&assembled);
    WebPMuxDelete(mux);
    return code;
}

int ipx_webp_encode(const uint8_t *pixels, int width, int height, int channels, size_t stride,
                    const ipx_webp_encode_options *options, ipx_bytes *out, ipx_status *status) {
    if (channels != 3 && channels != 4)
        return ipx_fail(status, IPX_ERR_ARGUMENT, "WebP encoder takes RGB or RGBA samples");
    WebPConfig config;
    if (!WebPConfigInit(&config))
        return ipx_fail(status, IPX_ERR_UNSUPPORTED, "libwebp version mismatch");
    config.quality = options->quality;
    config.method = options->method;
    config.lossless = options->lossless;
    config.alpha_quality = options->alpha_quality;
    config.exact = options->exact;
    config.use_sharp_yuv = options->sharp_yuv;
    config.thread_level = 0;  // imgpress parallelizes across files; one thread per image
    if (!WebPValidateConfig(&config))
        return ipx_fail(status, IPX_ERR_ARGUMENT, "invalid WebP encoder settings");

    WebPPicture picture;
    if (!WebPPictureInit(&picture))
        return ipx_fail(status, IPX_ERR_UNSUPPORTED, "libwebp version mismatch");
    picture.width = width;
    picture.height = height;
    // ARGB for lossless, YUV for lossy (libwebp's advice), except that sharp YUV happens inside
    // WebPEncode, from ARGB: importing straight to YUV would use the plain conversion.
    picture.use_argb = options->lossless || options->sharp_yuv;
    WebPMemoryWriter writer;
    WebPMemoryWriterInit(&writer);
    picture.writer = WebPMemoryWrite;
    picture.custom_ptr = &writer;

    int imported = channels == 4 ? WebPPictureImportRGBA(&picture, pixels, (int)stride)
                                 : WebPPictureImportRGB(&picture, pixels, (int)stride);
    int code = IPX_OK;
    if (!imported) {
        code = ipx_fail(status, IPX_ERR_NO_MEMORY, "out of memory");
    } else if (!WebPEncode(&config, &picture)) {
        code = ipx_fail(status, IPX_ERR_ENCODE, describe_encoding_error(picture.error_code));
    } else if (options->icc_size > 0 || options->exif_size > 0 || options->xmp_size > 0) {
        code = attach_chunks(&writer, options, out, status);
    } else {
        code = ipx_copy_out(writer.mem, writer.size, out, status);
    }
    WebPPictureFree(&picture);
    WebPMemoryWriterClear(&writer);
    return code;
}
