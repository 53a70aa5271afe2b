#include "ipx_jpeg_scans.h"
#include <pthread.h>
#include <string.h>
#include "ipx_jpeg_scan_cost.h"

// The AC splits tried per component (the idea MozJPEG's jpegtran uses: try split points and
// successive approximation, keep what codes smallest). Each covers coefficients 1-63 at all bits.
// The first eleven are ordered by how often each won on the bench photos (successive
// approximation for luma, short first bands for chroma). The last six (a third bit of successive
// approximation, splits at 2 and 8 with two bits, a split at 18, three bands) each won on some
// of make bench's lossless photos and took their bytes 0.11 % lower (lossy q50/80/95 0.21 %), for
// 8 % more time; splits at 12 and at 2 and 9 with a bit of successive approximation gained nothing.
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
    {4, {{1, 63, 0, 3}, {1, 63, 3, 2}, {1, 63, 2, 1}, {1, 63, 1, 0}}},
    {4, {{1, 2, 0, 2}, {3, 63, 0, 2}, {1, 63, 2, 1}, {1, 63, 1, 0}}},
    {3, {{1, 2, 0, 1}, {3, 63, 0, 1}, {1, 63, 1, 0}}},
    {2, {{1, 18, 0, 0}, {19, 63, 0, 0}}},
    {4, {{1, 8, 0, 2}, {9, 63, 0, 2}, {1, 63, 2, 1}, {1, 63, 1, 0}}},
    {3, {{1, 5, 0, 0}, {6, 12, 0, 0}, {13, 63, 0, 0}}},
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

typedef struct {
    ipx_block_sample sample;
    const ipx_ac_scan *scans;
    int count;
    double bytes[4 * IPX_AC_OPTION_COUNT];
    int ok;
} component_count;

static void *count_component(void *argument) {
    component_count *job = argument;
    job->ok = ipx_count_ac_scans(&job->sample, job->scans, job->count, job->bytes);
    return NULL;
}

int ipx_estimate_options(j_common_ptr cinfo, jvirt_barray_ptr *coefficients, int components,
                         const JDIMENSION blocks_wide[], const JDIMENSION blocks_high[], int option_count,
                         size_t sample_blocks, int threads, double cost[IPX_AC_OPTION_COUNT][MAX_COMPONENTS]) {
    // Options share scans (most end in the same refinement), so each distinct scan is counted once.
    ipx_ac_scan distinct[4 * IPX_AC_OPTION_COUNT];
    int index_of[IPX_AC_OPTION_COUNT][4];
    int distinct_count = 0;
    for (int k = 0; k < option_count; k++) {
        for (int s = 0; s < ipx_ac_options[k].count; s++) {
            const int *p = ipx_ac_options[k].scans[s];
            ipx_ac_scan scan = {p[0], p[1], p[2], p[3]};
            int found = 0;
            while (found < distinct_count && memcmp(&distinct[found], &scan, sizeof scan) != 0) found++;
            if (found == distinct_count) distinct[distinct_count++] = scan;
            index_of[k][s] = found;
        }
    }
    component_count jobs[MAX_COMPONENTS] = {0};
    for (int c = 0; c < components; c++) {
        jobs[c].scans = distinct;
        jobs[c].count = distinct_count;
        ipx_sample_block_rows(cinfo, coefficients[c], blocks_wide[c], blocks_high[c], sample_blocks,
                              &jobs[c].sample);
    }
    // With a second thread, component 0 (luma, in 4:2:0 as many blocks as both chroma
    // components) is counted there while this thread counts the others.
    pthread_t helper;
    int started = threads > 1 && components > 1 && pthread_create(&helper, NULL, count_component, &jobs[0]) == 0;
    for (int c = started ? 1 : 0; c < components; c++) count_component(&jobs[c]);
    if (started) pthread_join(helper, NULL);
    for (int c = 0; c < components; c++)
        if (!jobs[c].ok) return 0;
    for (int c = 0; c < components; c++) {
        for (int k = 0; k < option_count; k++) {
            cost[k][c] = 0;
            for (int s = 0; s < ipx_ac_options[k].count; s++) cost[k][c] += jobs[c].bytes[index_of[k][s]];
        }
    }
    return 1;
}

void ipx_cheapest_options(int components, int option_count, double cost[IPX_AC_OPTION_COUNT][MAX_COMPONENTS],
                          int option_of[MAX_COMPONENTS]) {
    for (int c = 0; c < MAX_COMPONENTS; c++) {
        option_of[c] = 0;
        for (int k = 1; c < components && k < option_count; k++)
            if (cost[k][c] < cost[option_of[c]][c]) option_of[c] = k;
    }
}

void ipx_coded_blocks(const struct jpeg_compress_struct *cinfo, int c, JDIMENSION *wide, JDIMENSION *high) {
    int max_h = 1, max_v = 1;
    for (int i = 0; i < cinfo->num_components; i++) {
        if (cinfo->comp_info[i].h_samp_factor > max_h) max_h = cinfo->comp_info[i].h_samp_factor;
        if (cinfo->comp_info[i].v_samp_factor > max_v) max_v = cinfo->comp_info[i].v_samp_factor;
    }
    const jpeg_component_info *info = &cinfo->comp_info[c];
    JDIMENSION samples_wide = (cinfo->image_width * (JDIMENSION)info->h_samp_factor + (JDIMENSION)max_h - 1) / (JDIMENSION)max_h;
    JDIMENSION samples_high = (cinfo->image_height * (JDIMENSION)info->v_samp_factor + (JDIMENSION)max_v - 1) / (JDIMENSION)max_v;
    *wide = (samples_wide + 7) / 8;
    *high = (samples_high + 7) / 8;
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
