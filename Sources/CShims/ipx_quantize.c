#include <string.h>
#include <libimagequant.h>
#include "ipx_quantize.h"
#include "ipx_status.h"

int ipx_quantize(const uint8_t *rgba, uint32_t width, uint32_t height,
                 const ipx_quantize_options *options, uint8_t *indices, uint8_t *palette,
                 int *palette_count, int *quality, int *met, ipx_status *status) {
    *met = 0;
    liq_attr *attr = liq_attr_create();
    if (!attr) return ipx_fail(status, IPX_ERR_NO_MEMORY, "out of memory");
    int code = IPX_OK;
    liq_image *image = NULL;
    liq_result *result = NULL;
    if (liq_set_quality(attr, options->min_quality, options->max_quality) != LIQ_OK ||
        liq_set_speed(attr, options->speed) != LIQ_OK) {
        code = ipx_fail(status, IPX_ERR_ARGUMENT, "libimagequant refused the quality or speed");
        goto done;
    }
    // Gamma 0: libimagequant assumes sRGB.
    image = liq_image_create_rgba(attr, rgba, (int)width, (int)height, 0);
    if (!image) {
        code = ipx_fail(status, IPX_ERR_ENCODE, "libimagequant refused the image");
        goto done;
    }
    liq_error error = liq_image_quantize(image, attr, &result);
    if (error == LIQ_QUALITY_TOO_LOW) goto done;  // *met stays 0
    if (error != LIQ_OK) {
        code = ipx_fail(status, error == LIQ_OUT_OF_MEMORY ? IPX_ERR_NO_MEMORY : IPX_ERR_ENCODE,
                        "libimagequant could not quantize the image");
        goto done;
    }
    liq_set_dithering_level(result, options->dithering);
    if (liq_write_remapped_image(result, image, indices, (size_t)width * height) != LIQ_OK) {
        code = ipx_fail(status, IPX_ERR_ENCODE, "libimagequant could not remap the image");
        goto done;
    }
    const liq_palette *colors = liq_get_palette(result);
    *palette_count = (int)colors->count;
    for (unsigned i = 0; i < colors->count; i++) {
        palette[4 * i] = colors->entries[i].r;
        palette[4 * i + 1] = colors->entries[i].g;
        palette[4 * i + 2] = colors->entries[i].b;
        palette[4 * i + 3] = colors->entries[i].a;
    }
    *quality = liq_get_quantization_quality(result);
    *met = 1;
done:
    if (result) liq_result_destroy(result);
    if (image) liq_image_destroy(image);
    liq_attr_destroy(attr);
    return code;
}
