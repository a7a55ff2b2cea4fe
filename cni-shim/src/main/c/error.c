/**
 * CNI errors (error.h).
 */
#include "error.h"

#include "json.h"

int cni_fail(struct cni_error *e, int code, const char *format, ...) {
  e->code = code;
  buf_clear(&e->msg);
  buf_clear(&e->details);
  va_list args;
  va_start(args, format);
  buf_vaddf(&e->msg, format, args);
  va_end(args);
  return -1;
}

void cni_error_json(struct buf *out, const struct cni_error *e, const char *version, size_t version_len) {
  buf_adds(out, "{\"cniVersion\":");
  json_quote(out, version, version_len);
  buf_addf(out, ",\"code\":%d,\"msg\":", e->code);
  json_quote(out, buf_str(&e->msg), e->msg.len);
  if (e->details.len > 0) {
    buf_adds(out, ",\"details\":");
    json_quote(out, e->details.p, e->details.len);
  }
  buf_adds(out, "}\n");
}
