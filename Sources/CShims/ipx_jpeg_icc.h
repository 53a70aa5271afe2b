// Reading a JPEG's ICC profile from its saved APP2 markers, tolerant of stray segments.
#ifndef IPX_JPEG_ICC_H
#define IPX_JPEG_ICC_H

#include <stdio.h>
#include <jpeglib.h>

// Like libjpeg's jpeg_read_icc_profile (markers saved with jpeg_save_markers(cinfo, JPEG_APP0 +
// 2, 0xFFFF); the profile malloc'd, for free()), but a segment that does not belong to a complete
// set (a stray "ICC_PROFILE" chunk, a duplicate) is passed over instead of losing the whole
// profile. Returns 1 with a profile, 0 without (none complete, or out of memory).
int ipx_read_icc(j_decompress_ptr cinfo, JOCTET **data, unsigned int *size);

#endif
