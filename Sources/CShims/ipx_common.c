#include <stdlib.h>
#include "ipx_common.h"
#include "ipx_status.h"

void ipx_free(void *pointer) { free(pointer); }

int ipx_fail(ipx_status *status, int code, const char *message) {
    if (status) {
        status->code = code;
        snprintf(status->message, sizeof status->message, "%s", message ? message : "unknown error");
    }
    return code;
}

int ipx_copy_out(const uint8_t *data, size_t size, ipx_bytes *out, ipx_status *status) {
    out->data = malloc(size ? size : 1);
    if (!out->data) return ipx_fail(status, IPX_ERR_NO_MEMORY, "out of memory");
    memcpy(out->data, data, size);
    out->size = size;
    return IPX_OK;
}
