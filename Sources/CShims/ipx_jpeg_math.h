// Small arithmetic shared by the lossy JPEG coder's files. Private to CShims.
#ifndef IPX_JPEG_MATH_H
#define IPX_JPEG_MATH_H

#include <stdlib.h>

// Round half away from zero, as lroundf, without the library call in inner loops.
static inline int ipx_round(float value) {
    return value >= 0 ? (int)(value + 0.5f) : -(int)(0.5f - value);
}

// JPEG's magnitude category: the bits needed for |value| (0 for zero).
static inline int ipx_magnitude_bits(int value) {
    int bits = 0;
    for (unsigned magnitude = (unsigned)abs(value); magnitude; magnitude >>= 1) bits++;
    return bits;
}

#endif
