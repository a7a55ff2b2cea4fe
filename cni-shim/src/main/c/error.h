/**
 * A CNI error (CNI spec, "Error"): printed on stdout as {"cniVersion","code","msg","details"},
 * after which the plugin exits with 1. Codes 1-99 are the spec's well-known ones; 100 and up
 * the plugin's own.
 */
#ifndef NETAGENT_CNI_ERROR_H
#define NETAGENT_CNI_ERROR_H

#include <stddef.h>

#include "buf.h"

enum {
  CNI_INCOMPATIBLE_VERSION = 1,
  CNI_INVALID_ENVIRONMENT = 4,
  CNI_IO_FAILURE = 5,
  CNI_DECODE_FAILURE = 6,
  CNI_INVALID_CONFIG = 7,
  CNI_TRY_AGAIN_LATER = 11,
  /** STATUS only (spec 1.1): the plugin cannot serve ADD now. */
  CNI_NOT_AVAILABLE = 50,
  /** A failure of the shim itself. */
  CNI_INTERNAL = 100,
};

struct cni_error {
  /** 0 while there is no error. */
  int code;
  /** Raw text (UTF-8, or whatever bytes a path held); quoted when printed. */
  struct buf msg;
  /** Left out of the JSON when empty. */
  struct buf details;
};

#define CNI_ERROR_INIT {0, BUF_INIT, BUF_INIT}

/** Sets the code and message (replacing any earlier ones) and returns -1, for `return cni_fail(...)`. */
int cni_fail(struct cni_error *e, int code, const char *format, ...) __attribute__((format(printf, 3, 4)));

/** The error object, on one line, ending with a newline. */
void cni_error_json(struct buf *out, const struct cni_error *e, const char *version, size_t version_len);

#endif
