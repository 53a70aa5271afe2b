// Private helpers shared by the C files (not part of the public include/ folder).
#ifndef IPX_STATUS_H
#define IPX_STATUS_H

#include <stdio.h>
#include <string.h>
#include "ipx_common.h"

// Records code and message in status and returns code.
int ipx_fail(ipx_status *status, int code, const char *message);

// Copies size bytes into a new malloc'd ipx_bytes.
int ipx_copy_out(const uint8_t *data, size_t size, ipx_bytes *out, ipx_status *status);

#endif
