#include "ipx_jpeg_scans.h"

// The AC splits tried per component (the idea MozJPEG's jpegtran uses: try split points and
// successive approximation, keep what codes smallest). Each covers coefficients 1-63 at all bits.
// Ordered by how often each won on the bench photos, so the default search (the first five)
// holds the usual winners: successive approximation for luma, short first bands for chroma.
const ipx_ac_option ipx_ac_options[IPX_AC_OPTION_COUNT] = {
    {4, {{1, 5, 0, 2}, {6, 63, 0, 2}, {1, 63, 2, 1}, {1, 63, 1, 0}}},  // libjpeg's luma scans
    {3, {{1, 63, 0, 2}, {1, 63, 2, 1}, {1, 63, 1, 0}}},
    {1, {{1, 63, 0, 0}}},
    {2, {{1, 2, 0, 0}, {3, 63, 0, 0}}},
    {3, {{1, 8, 0, 1}, {9, 63, 0, 1}, {1, 63, 1, 0}}},
    {2, {{1, 5, 0, 0}, {6, 63, 0, 0}}},
    {2, {{1, 8, 0, 0}, {9, 63, 0, 0}}},
    {2, {{1, 63, 0, 1}, {1, 63, 1, 0}}},  // libjpeg's chroma scans
    {2, {{1, 12, 0, 0}, {13, 63, 0, 0}}},
    {3, {{1, 5, 0, 1}, {6, 63, 0, 1}, {1, 63, 1, 0}}},
    {3, {{1, 2, 0, 0}, {3, 9, 0, 0}, {10, 63, 0, 0}}},
};

static void add_scan(jpeg_scan_info *scan, int component, int ss, int se, int ah, int al) {
    scan->comps_in_scan = 1;
    scan->component_index[0] = component;
    scan->Ss = ss;
    scan->Se = se;
    scan->Ah = ah;
    scan->Al = al;
}

int ipx_build_script(const struct jpeg_compress_struct *cinfo, const int option_of[MAX_COMPONENTS],
                     jpeg_scan_info *scans) {
    int count = 0;
    int components = cinfo->num_components;
    // One interleaved DC scan when the MCU allows it (at most 10 blocks), else one per component.
    int blocks = 0;
    for (int c = 0; c < components; c++)
        blocks += cinfo->comp_info[c].h_samp_factor * cinfo->comp_info[c].v_samp_factor;
    if (components <= MAX_COMPS_IN_SCAN && blocks <= C_MAX_BLOCKS_IN_MCU) {
        scans[count].comps_in_scan = components;
        for (int c = 0; c < components; c++) scans[count].component_index[c] = c;
        scans[count].Ss = scans[count].Se = scans[count].Ah = scans[count].Al = 0;
        count++;
    } else {
        for (int c = 0; c < components; c++) add_scan(&scans[count++], c, 0, 0, 0, 0);
    }
    for (int pass = 0; pass < 2; pass++) {  // first scans (Ah = 0), then refinements
        for (int c = 0; c < components; c++) {
            const ipx_ac_option *option = &ipx_ac_options[option_of[c]];
            for (int s = 0; s < option->count; s++) {
                const int *p = option->scans[s];
                if ((p[2] == 0) == (pass == 0) && count < IPX_MAX_SCANS)
                    add_scan(&scans[count++], c, p[0], p[1], p[2], p[3]);
            }
        }
    }
    return count;
}

int ipx_scan_sizes(const unsigned char *data, size_t size, size_t *sizes, int capacity) {
    size_t at = 2;        // after SOI
    size_t pending = 0;   // where the bytes charged to the next scan begin (0: none yet)
    int found = 0;
    while (at + 4 <= size) {
        if (data[at] != 0xFF) return found;  // not a marker: stop rather than guess
        unsigned char marker = data[at + 1];
        if (marker == 0xD9) break;  // EOI
        size_t length = ((size_t)data[at + 2] << 8) | data[at + 3];
        if (marker == 0xDA) {
            if (pending == 0) pending = at;
            size_t end = at + 2 + length;
            // Entropy-coded data ends at a marker that is neither a stuffed 0xFF00 nor RSTn.
            while (end + 1 < size &&
                   !(data[end] == 0xFF && data[end + 1] != 0 && (data[end + 1] < 0xD0 || data[end + 1] > 0xD7)))
                end++;
            if (found < capacity) sizes[found] = end - pending;
            found++;
            pending = 0;
            at = end;
        } else {
            // Tables between scans (DHT) belong to the scan that follows them.
            if (found > 0 && pending == 0) pending = at;
            at += 2 + length;
        }
    }
    return found < capacity ? found : capacity;
}
