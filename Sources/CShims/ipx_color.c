// Little CMS reports errors through return values (and a log handler we silence), so no
// setjmp here either; profiles and transforms are freed on every path.
#include <lcms2.h>
#include "ipx_color.h"
#include "ipx_status.h"

static void quiet(cmsContext context, cmsUInt32Number code, const char *text) {
    (void)context;
    (void)code;
    (void)text;
}

static cmsUInt32Number format_of(int layout) {
    switch (layout) {
    case IPX_COLOR_RGB8: return TYPE_RGB_8;
    case IPX_COLOR_RGBA8: return TYPE_RGBA_8;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    case IPX_COLOR_RGB16: return TYPE_RGB_16;  // PNG's big-endian samples are native here
    case IPX_COLOR_RGBA16: return TYPE_RGBA_16;
#else
    case IPX_COLOR_RGB16: return TYPE_RGB_16_SE;  // PNG's big-endian samples, byte-swapped
    case IPX_COLOR_RGBA16: return TYPE_RGBA_16_SE;
#endif
    case IPX_COLOR_CMYK8: return TYPE_CMYK_8;
    case IPX_COLOR_CMYK8_INVERTED: return TYPE_CMYK_8_REV;
    case IPX_COLOR_GRAY8: return TYPE_GRAY_8;
    case IPX_COLOR_GRAYA8: return TYPE_GRAYA_8;
    default: return 0;
    }
}

int ipx_color_to_srgb(const uint8_t *pixels, size_t pixel_count, int layout, const uint8_t *icc,
                      size_t icc_size, int exact, uint8_t *out, ipx_status *status) {
    cmsSetLogErrorHandler(quiet);
    cmsUInt32Number input = format_of(layout);
    if (!input) return ipx_fail(status, IPX_ERR_ARGUMENT, "unknown pixel layout");
    int cmyk = layout == IPX_COLOR_CMYK8 || layout == IPX_COLOR_CMYK8_INVERTED;
    int gray = layout == IPX_COLOR_GRAY8 || layout == IPX_COLOR_GRAYA8;
    cmsUInt32Number output = cmyk || layout == IPX_COLOR_GRAY8 ? TYPE_RGB_8 : layout == IPX_COLOR_GRAYA8 ? TYPE_RGBA_8 : input;
    cmsHPROFILE source = cmsOpenProfileFromMem(icc, (cmsUInt32Number)icc_size);
    if (!source) return ipx_fail(status, IPX_ERR_CORRUPT, "unreadable ICC profile");
    cmsColorSpaceSignature space = cmsGetColorSpace(source);
    cmsColorSpaceSignature expected = cmyk ? cmsSigCmykData : gray ? cmsSigGrayData : cmsSigRgbData;
    if (space != expected) {
        cmsCloseProfile(source);
        return ipx_fail(status, IPX_ERR_UNSUPPORTED, "the ICC profile does not match the pixels' colour space");
    }
    cmsHPROFILE srgb = cmsCreate_sRGBProfile();
    cmsUInt32Number flags = cmsFLAGS_BLACKPOINTCOMPENSATION;
    if (layout == IPX_COLOR_RGBA8 || layout == IPX_COLOR_RGBA16 || layout == IPX_COLOR_GRAYA8) flags |= cmsFLAGS_COPY_ALPHA;
    if (exact) flags |= cmsFLAGS_NOOPTIMIZE | cmsFLAGS_NOCACHE;
    cmsHTRANSFORM transform = srgb ? cmsCreateTransform(source, input, srgb, output, INTENT_PERCEPTUAL, flags) : NULL;
    int code = IPX_OK;
    if (!transform) {
        code = ipx_fail(status, IPX_ERR_UNSUPPORTED, "cannot build a colour transform from this profile");
    } else {
        cmsDoTransform(transform, pixels, out, (cmsUInt32Number)pixel_count);
        cmsDeleteTransform(transform);
    }
    if (srgb) cmsCloseProfile(srgb);
    cmsCloseProfile(source);
    return code;
}

int ipx_color_profile_opens(const uint8_t *icc, size_t icc_size) {
    cmsSetLogErrorHandler(quiet);
    cmsHPROFILE profile = cmsOpenProfileFromMem(icc, (cmsUInt32Number)icc_size);
    if (!profile) return 0;
    cmsCloseProfile(profile);
    return 1;
}
