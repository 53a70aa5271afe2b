#include "ipx_jpeg_split.h"
#include <pthread.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include "ipx_jpeg_dest.h"
#include "ipx_jpeg_scans.h"

// A failure inside either object (out of memory, realistically) jumps back to its own thread's
// write_part; the caller then writes the file the usual way.
typedef struct {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
} part_error;

static void part_error_exit(j_common_ptr cinfo) {
    longjmp(((part_error *)cinfo->err)->jump, 1);
}

static void part_message(j_common_ptr cinfo, int level) {
    (void)cinfo;
    (void)level;
}

// A file written by one object: one of the two files of a split write (the DC scans and one
// side's AC scans), or a whole file (scan_count 0: baseline).
typedef struct {
    const ipx_split_writer *writer;
    jvirt_barray_ptr *coefficients;
    jpeg_scan_info script[IPX_MAX_SCANS];
    int scan_count;
    int with_markers;  // the first part's header (and markers) is the one kept
    struct jpeg_compress_struct cinfo;
    part_error error;
    ipx_jpeg_dest destination;
    unsigned char *buffer;  // the live block at every moment, also after a failure
    unsigned long size;
    int ok;
} part;

static void *write_part(void *argument) {
    part *p = argument;
    memset(&p->cinfo, 0, sizeof p->cinfo);
    p->cinfo.err = jpeg_std_error(&p->error.manager);
    p->error.manager.error_exit = part_error_exit;
    p->error.manager.emit_message = part_message;
    if (setjmp(p->error.jump)) {
        jpeg_destroy_compress(&p->cinfo);
        return NULL;
    }
    jpeg_create_compress(&p->cinfo);
    p->writer->configure(&p->cinfo, p->writer->context);
    p->cinfo.optimize_coding = TRUE;
    if (p->scan_count > 0) {
        p->cinfo.scan_info = p->script;
        p->cinfo.num_scans = p->scan_count;
    }
    if (!p->with_markers) {
        p->cinfo.write_JFIF_header = FALSE;
        p->cinfo.write_Adobe_marker = FALSE;
    }
    ipx_jpeg_dest_install(&p->cinfo, &p->destination, &p->buffer, &p->size);
    jpeg_write_coefficients(&p->cinfo, p->coefficients);
    if (p->with_markers) p->writer->markers(&p->cinfo, p->writer->context);
    jpeg_finish_compress(&p->cinfo);
    jpeg_destroy_compress(&p->cinfo);
    p->ok = 1;
    return NULL;
}

// Where a libjpeg-written progressive file's frame header ends (after SOF2), and each scan's
// bytes: the tables written before it, its SOS segment and its entropy-coded data. Returns the
// scan count, or -1 when the file is not laid out that way.
static int find_scans(const unsigned char *data, size_t size, size_t *header_end, size_t starts[], size_t ends[],
                      int capacity) {
    size_t at = 2, start = 0;
    int found = 0;
    *header_end = 0;
    while (at + 2 <= size) {
        if (data[at] != 0xFF) return -1;
        unsigned char marker = data[at + 1];
        if (marker == 0xD9) return *header_end ? found : -1;  // EOI
        if (at + 4 > size) return -1;
        size_t length = ((size_t)data[at + 2] << 8) | data[at + 3];
        size_t next = at + 2 + length;
        if (next > size) return -1;
        if (marker == 0xC2) {
            *header_end = start = next;
        } else if (marker == 0xDA) {
            if (!*header_end || found == capacity) return -1;
            // Entropy-coded data ends at a marker that is neither a stuffed 0xFF00 nor RSTn.
            while (next + 1 < size &&
                   !(data[next] == 0xFF && data[next + 1] != 0 && (data[next + 1] < 0xD0 || data[next + 1] > 0xD7)))
                next++;
            starts[found] = start;
            ends[found] = next;
            found++;
            start = next;
        }
        at = next;
    }
    return -1;
}

static int is_dc(const jpeg_scan_info *scan) {
    return scan->Ss == 0;
}

int ipx_write_split(const ipx_split_writer *writer, jvirt_barray_ptr *coefficients, const jpeg_scan_info *script,
                    int scan_count, unsigned char **buffer, unsigned long *size) {
    // Both parts take every DC scan (libjpeg insists on each component's DC); the first part
    // component 0's AC scans, the second the rest. AC scans always have one component.
    if (scan_count > IPX_MAX_SCANS) return 0;
    part *parts = calloc(2, sizeof *parts);
    if (!parts) return 0;
    int ac_counts[2] = {0, 0};
    for (int s = 0; s < scan_count; s++) {
        if (is_dc(&script[s])) {
            for (int h = 0; h < 2; h++) parts[h].script[parts[h].scan_count++] = script[s];
        } else {
            int h = script[s].component_index[0] == 0 ? 0 : 1;
            parts[h].script[parts[h].scan_count++] = script[s];
            ac_counts[h]++;
        }
    }
    int result = 0;
    if (ac_counts[0] == 0 || ac_counts[1] == 0) goto done;
    for (int h = 0; h < 2; h++) {
        parts[h].writer = writer;
        parts[h].coefficients = coefficients;
        parts[h].with_markers = h == 0;
    }
    pthread_t thread;
    if (pthread_create(&thread, NULL, write_part, &parts[1]) != 0) goto done;
    write_part(&parts[0]);
    pthread_join(thread, NULL);
    if (!parts[0].ok || !parts[1].ok) goto done;

    size_t header[2], starts[2][IPX_MAX_SCANS], ends[2][IPX_MAX_SCANS];
    for (int h = 0; h < 2; h++)
        if (find_scans(parts[h].buffer, parts[h].size, &header[h], starts[h], ends[h], IPX_MAX_SCANS) !=
            parts[h].scan_count)
            goto done;
    // Where each scan of the script lies: DC scans in the first part, AC scans in their side's;
    // each part holds its scans in the script's order.
    int side[IPX_MAX_SCANS], index[IPX_MAX_SCANS], position[2] = {0, 0};
    size_t total = header[0] + 2;
    for (int s = 0; s < scan_count; s++) {
        int dc = is_dc(&script[s]);
        side[s] = dc || script[s].component_index[0] == 0 ? 0 : 1;
        index[s] = position[side[s]];
        position[0] += dc || side[s] == 0;
        position[1] += dc || side[s] == 1;
        total += ends[side[s]][index[s]] - starts[side[s]][index[s]];
    }
    // The first part's header, every scan in the script's order, then EOI.
    unsigned char *out = malloc(total);
    if (!out) goto done;
    memcpy(out, parts[0].buffer, header[0]);
    size_t filled = header[0];
    for (int s = 0; s < scan_count; s++) {
        size_t length = ends[side[s]][index[s]] - starts[side[s]][index[s]];
        memcpy(out + filled, parts[side[s]].buffer + starts[side[s]][index[s]], length);
        filled += length;
    }
    out[filled++] = 0xFF;
    out[filled++] = 0xD9;
    *buffer = out;
    *size = (unsigned long)filled;
    result = 1;
done:
    for (int h = 0; h < 2; h++) free(parts[h].buffer);
    free(parts);
    return result;
}

// A part with the whole script (or none), and with the markers.
static part *whole_part(const ipx_split_writer *writer, jvirt_barray_ptr *coefficients, const jpeg_scan_info *script,
                        int scan_count) {
    if (scan_count > IPX_MAX_SCANS) return NULL;
    part *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->writer = writer;
    p->coefficients = coefficients;
    p->with_markers = 1;
    p->scan_count = script ? scan_count : 0;
    if (script) memcpy(p->script, script, (size_t)scan_count * sizeof *script);
    return p;
}

// Hands the part's file to the caller (or frees it) and frees the part.
static int take_file(part *p, unsigned char **buffer, unsigned long *size) {
    int ok = p->ok;
    if (ok) {
        *buffer = p->buffer;
        *size = p->size;
    } else {
        free(p->buffer);
    }
    free(p);
    return ok;
}

int ipx_write_whole(const ipx_split_writer *writer, jvirt_barray_ptr *coefficients, const jpeg_scan_info *script,
                    int scan_count, unsigned char **buffer, unsigned long *size) {
    part *p = whole_part(writer, coefficients, script, scan_count);
    if (!p) return 0;
    write_part(p);
    return take_file(p, buffer, size);
}

struct ipx_background_write {
    part *part;
    pthread_t thread;
    int started;
};

ipx_background_write *ipx_write_start(const ipx_split_writer *writer, jvirt_barray_ptr *coefficients,
                                      const jpeg_scan_info *script, int scan_count) {
    ipx_background_write *write = calloc(1, sizeof *write);
    if (!write) return NULL;
    write->part = whole_part(writer, coefficients, script, scan_count);
    write->started = write->part && pthread_create(&write->thread, NULL, write_part, write->part) == 0;
    return write;
}

int ipx_write_finish(ipx_background_write *write, unsigned char **buffer, unsigned long *size) {
    if (!write) return 0;
    part *p = write->part;
    if (write->started) pthread_join(write->thread, NULL);
    else if (p) write_part(p);  // the thread could not start: write it here
    free(write);
    return p ? take_file(p, buffer, size) : 0;
}

void ipx_write_discard(ipx_background_write *write) {
    unsigned char *unused = NULL;
    unsigned long unused_size = 0;
    if (ipx_write_finish(write, &unused, &unused_size)) free(unused);
}

int ipx_baseline_trial(const ipx_split_writer *writer, jvirt_barray_ptr *coefficients, ipx_background_write *started,
                       unsigned long max, unsigned char **buffer, unsigned long *size) {
    unsigned char *baseline = NULL;
    unsigned long baseline_size = 0;
    int have = ipx_write_finish(started, &baseline, &baseline_size);
    int replaced = 0;
    if (*size <= max) {
        if (!have) have = ipx_write_whole(writer, coefficients, NULL, 0, &baseline, &baseline_size);
        if (have && baseline_size < *size) {
            unsigned char *swap = *buffer;
            *buffer = baseline;
            *size = baseline_size;
            baseline = swap;
            replaced = 1;
        }
    }
    if (have) free(baseline);
    return replaced;
}
