#include <stdlib.h>
#include <string.h>
#include "ipx_jpeg_icc.h"

// ICC.1 Annex B: a profile over 64 KB is split into APP2 segments, each "ICC_PROFILE\0", its
// sequence number (1-based) and the number of segments, then its part of the profile.
#define ICC_HEADER 14

static int is_icc_marker(jpeg_saved_marker_ptr marker) {
    return marker->marker == JPEG_APP0 + 2 && marker->data_length >= ICC_HEADER &&
           memcmp(marker->data, "ICC_PROFILE", 12) == 0;
}

// The first marker in file order with this sequence number and count, or NULL.
static jpeg_saved_marker_ptr find_part(jpeg_saved_marker_ptr list, int sequence, int count) {
    for (jpeg_saved_marker_ptr marker = list; marker; marker = marker->next)
        if (is_icc_marker(marker) && marker->data[12] == sequence && marker->data[13] == count) return marker;
    return NULL;
}

int ipx_read_icc(j_decompress_ptr cinfo, JOCTET **data, unsigned int *size) {
    *data = NULL;
    *size = 0;
    // The first count in file order whose parts 1..count are all there; libjpeg's own reader
    // gives up on the whole profile when any stray segment disagrees.
    for (jpeg_saved_marker_ptr candidate = cinfo->marker_list; candidate; candidate = candidate->next) {
        if (!is_icc_marker(candidate)) continue;
        int count = candidate->data[13];
        if (count == 0) continue;
        size_t total = 0;
        int complete = 1;
        for (int sequence = 1; sequence <= count && complete; sequence++) {
            jpeg_saved_marker_ptr part = find_part(cinfo->marker_list, sequence, count);
            if (part)
                total += part->data_length - ICC_HEADER;
            else
                complete = 0;
        }
        if (!complete || total == 0) continue;
        JOCTET *profile = malloc(total);
        if (!profile) return 0;
        size_t at = 0;
        for (int sequence = 1; sequence <= count; sequence++) {
            jpeg_saved_marker_ptr part = find_part(cinfo->marker_list, sequence, count);
            memcpy(profile + at, part->data + ICC_HEADER, part->data_length - ICC_HEADER);
            at += part->data_length - ICC_HEADER;
        }
        *data = profile;
        *size = (unsigned int)total;
        return 1;
    }
    return 0;
}
