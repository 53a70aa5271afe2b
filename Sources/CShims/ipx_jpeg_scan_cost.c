#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ipx_jpeg_scan_cost.h"
#include "ipx_jpeg_quantize.h"

// libjpeg ends an EOB run at 0x7FFF blocks, and in refinement scans also when the correction bits
// it holds back would pass MAX_CORR_BITS (1000) less one block's worth (T.81 allows any point).
#define EOBRUN_LIMIT 0x7FFF
#define HELD_BITS_LIMIT (1000 - 64 + 1)

typedef struct {
    // 32 bits keep every scan's counters in the first-level cache, and suffice: a symbol occurs at
    // most 63 times a block, and 63 x (65535 / 8)^2 blocks is below 2^32.
    uint32_t frequencies[256];
    uint64_t extra_bits;      // magnitude, sign, EOB-run length and correction bits
    unsigned long eob_run;    // blocks waiting for one EOBn symbol
    unsigned long held_bits;  // correction bits that go out after that symbol
} scan_counter;

static int highest_bit(unsigned long value) {
    return 63 - __builtin_clzll((unsigned long long)value);
}

static void end_eob_run(scan_counter *counter) {
    if (counter->eob_run == 0) return;
    int bits = highest_bit(counter->eob_run);
    counter->frequencies[bits << 4]++;
    counter->extra_bits += (uint64_t)bits + counter->held_bits;
    counter->eob_run = 0;
    counter->held_bits = 0;
}

static void extend_eob_run(scan_counter *counter, unsigned long held) {
    counter->eob_run++;
    counter->held_bits += held;
    if (counter->eob_run == EOBRUN_LIMIT || counter->held_bits > HELD_BITS_LIMIT) end_eob_run(counter);
}

static uint64_t band_mask(int ss, int se) {
    uint64_t upper = se == 63 ? ~0ULL : ((1ULL << (se + 1)) - 1);
    return upper & ~((1ULL << ss) - 1);
}

// A first scan (Ah = 0): each coefficient's magnitude after the point transform, run-length coded
// with EOB runs across blocks (T.81 G.1.2.2). `nonzero` marks the coefficients with magnitude >> Al
// above zero; `category` holds each one's magnitude category (bits of |coefficient|) by zig-zag
// position, so the point transform is a subtraction.
static void count_first_scan(scan_counter *counter, const ipx_ac_scan *scan, uint64_t nonzero,
                             const uint8_t category[64]) {
    uint64_t coded = nonzero & band_mask(scan->ss, scan->se);
    int previous = scan->ss - 1;
    while (coded) {
        int k = __builtin_ctzll(coded);
        coded &= coded - 1;
        int run = k - previous - 1;
        end_eob_run(counter);
        for (; run > 15; run -= 16) counter->frequencies[0xF0]++;
        int bits = category[k] - scan->al;
        counter->frequencies[(run << 4) | bits]++;
        counter->extra_bits += (uint64_t)bits;
        previous = k;
    }
    if (previous < scan->se) extend_eob_run(counter, 0);
}

// A refinement scan (Ah = Al + 1): coefficients that become non-zero at this bit are coded as run
// and sign; those already non-zero send one correction bit each, held back until the next symbol
// (T.81 G.1.2.3). Zero runs skip over the already-non-zero coefficients without resetting.
static void count_refinement_scan(scan_counter *counter, const ipx_ac_scan *scan, uint64_t nonzero_now,
                                  uint64_t nonzero_before) {
    uint64_t band = band_mask(scan->ss, scan->se);
    uint64_t present = nonzero_now & band;
    uint64_t earlier = nonzero_before & band;
    uint64_t fresh = present & ~earlier;
    int last_fresh = fresh ? highest_bit(fresh) : -1;
    int run = 0;
    unsigned long held = 0;
    int previous = scan->ss - 1;
    while (present) {
        int k = __builtin_ctzll(present);
        present &= present - 1;
        run += k - previous - 1;
        previous = k;
        while (run > 15 && k <= last_fresh) {
            end_eob_run(counter);
            counter->frequencies[0xF0]++;
            counter->extra_bits += held;
            held = 0;
            run -= 16;
        }
        if (earlier & (1ULL << k)) {
            held++;
            continue;
        }
        end_eob_run(counter);
        counter->frequencies[(run << 4) | 1]++;
        counter->extra_bits += 1 + held;  // the sign, then the held corrections
        held = 0;
        run = 0;
    }
    run += scan->se - previous;
    if (run > 0 || held > 0) extend_eob_run(counter, held);
}

// Optimal code lengths for the used symbols plus one reserved code point (so no code is all ones),
// limited to 16 bits by T.81 K.3's adjustment; returns the coded bits and sets the DHT bytes.
static double huffman_cost_bits(const uint32_t frequencies[256], double *table_bytes) {
    // Leaves sorted by ascending frequency, after the reserved point.
    unsigned long weight[2 * 257];
    int parent[2 * 257];
    int leaves = 0;
    unsigned long sorted[257];
    for (int s = 0; s < 256; s++)
        if (frequencies[s]) sorted[leaves++] = frequencies[s];
    *table_bytes = 4 + 17 + leaves;  // marker, length, class and id, 16 counts, the symbols
    if (leaves == 0) return 0;
    for (int i = 1; i < leaves; i++) {  // insertion sort: at most 256 values
        unsigned long value = sorted[i];
        int j = i - 1;
        for (; j >= 0 && sorted[j] > value; j--) sorted[j + 1] = sorted[j];
        sorted[j + 1] = value;
    }
    weight[0] = 1;  // the reserved point: libjpeg gives it frequency 1, as rare as any symbol
    for (int i = 0; i < leaves; i++) weight[i + 1] = sorted[i];
    int total = leaves + 1;
    // Two queues: the sorted leaves, and internal nodes, which are made in non-decreasing order.
    int next_leaf = 0, next_node = total, made = total;
    for (int merges = 0; merges < total - 1; merges++) {
        int pick[2];
        for (int p = 0; p < 2; p++) {
            if (next_leaf < total && (next_node >= made || weight[next_leaf] <= weight[next_node]))
                pick[p] = next_leaf++;
            else
                pick[p] = next_node++;
        }
        weight[made] = weight[pick[0]] + weight[pick[1]];
        parent[pick[0]] = parent[pick[1]] = made;
        made++;
    }
    int depth[2 * 257];
    depth[made - 1] = 0;
    int count_at[33] = {0};
    for (int node = made - 2; node >= 0; node--) {
        depth[node] = depth[parent[node]] + 1;
        if (node < total) count_at[depth[node] > 32 ? 32 : depth[node]]++;
    }
    // K.3: move codes longer than 16 bits up, splitting a shorter code for each pair moved.
    for (int length = 32; length > 16; length--) {
        while (count_at[length] > 0) {
            int shorter = length - 2;
            while (count_at[shorter] == 0) shorter--;
            count_at[length] -= 2;
            count_at[length - 1] += 1;
            count_at[shorter + 1] += 2;
            count_at[shorter] -= 1;
        }
    }
    int longest = 16;
    while (count_at[longest] == 0) longest--;
    count_at[longest]--;  // the reserved point takes one of the longest codes
    // The most frequent symbols get the shortest lengths.
    double bits = 0;
    int length = 1;
    for (int i = leaves - 1; i >= 0; i--) {
        while (count_at[length] == 0) length++;
        count_at[length]--;
        bits += (double)sorted[i] * length;
    }
    return bits;
}

void ipx_sample_block_rows(j_common_ptr cinfo, jvirt_barray_ptr coefficients, JDIMENSION blocks_wide,
                           JDIMENSION blocks_high, size_t sample_blocks, ipx_block_sample *sample) {
    // Every step-th block row, so that about sample_blocks blocks are read.
    size_t blocks = (size_t)blocks_wide * blocks_high;
    JDIMENSION step = sample_blocks == 0 || blocks <= sample_blocks ? 1 : (JDIMENSION)((blocks + sample_blocks - 1) / sample_blocks);
    JDIMENSION rows_read = (blocks_high + step - 1) / step;
    // From libjpeg's pool, so that nothing leaks if the memory manager jumps out below.
    size_t size = (size_t)(rows_read ? rows_read : 1) * sizeof *sample->rows;
    sample->rows = (*cinfo->mem->alloc_small)(cinfo, JPOOL_IMAGE, size);
    sample->row_count = 0;
    for (JDIMENSION row = 0; row < blocks_high; row += step) {
        JBLOCKARRAY rows = (*cinfo->mem->access_virt_barray)(cinfo, coefficients, row, 1, FALSE);
        sample->rows[sample->row_count++] = rows[0];
    }
    sample->blocks_wide = blocks_wide;
    sample->scale = rows_read ? (double)blocks_high / rows_read : 1;
}

int ipx_count_ac_scans(const ipx_block_sample *sample, const ipx_ac_scan *scans, int count, double *bytes) {
    scan_counter *counters = calloc((size_t)count, sizeof *counters);
    if (!counters) return 0;
    int deepest = 0;  // the largest point transform any scan looks at
    for (int s = 0; s < count; s++) {
        if (scans[s].al > deepest) deepest = scans[s].al;
        if (scans[s].ah > deepest) deepest = scans[s].ah;
    }
    if (deepest > 13) deepest = 13;
    for (JDIMENSION row = 0; row < sample->row_count; row++) {
        for (JDIMENSION column = 0; column < sample->blocks_wide; column++) {
            const JCOEF *block = sample->rows[row][column];
            uint8_t category[64];
            uint64_t nonzero_at[14] = {0};  // bit k: |coefficient k| >> shift is non-zero
            for (int k = 1; k < 64; k++) {
                int value = block[ipx_zigzag[k]];
                unsigned magnitude = (unsigned)(value < 0 ? -value : value);
                int bits = magnitude ? 32 - __builtin_clz(magnitude) : 0;
                category[k] = (uint8_t)bits;
                for (int shift = 0; shift < bits && shift <= deepest; shift++) nonzero_at[shift] |= 1ULL << k;
            }
            for (int s = 0; s < count; s++) {
                const ipx_ac_scan *scan = &scans[s];
                if (scan->ah == 0)
                    count_first_scan(&counters[s], scan, nonzero_at[scan->al], category);
                else
                    count_refinement_scan(&counters[s], scan, nonzero_at[scan->al], nonzero_at[scan->ah]);
            }
        }
    }
    for (int s = 0; s < count; s++) {
        end_eob_run(&counters[s]);
        double table_bytes;
        double data_bits = huffman_cost_bits(counters[s].frequencies, &table_bytes) +
                           (double)counters[s].extra_bits;
        double data_bytes = data_bits / 8 * sample->scale;
        // One stuffed zero after each 0xFF byte: about one byte in 256 of entropy-coded data.
        bytes[s] = data_bytes * (1 + 1.0 / 256) + table_bytes + 10;  // + the SOS segment
    }
    free(counters);
    return 1;
}
