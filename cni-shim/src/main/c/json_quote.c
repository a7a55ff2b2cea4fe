/**
 * JSON strings out (json.h): the values the shim writes into its request body, its CNI errors
 * and the VERSION answer.
 */
#include "json.h"

#include <string.h>

#include "utf8.h"

void json_quote(struct buf *out, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *u = (const unsigned char *)s;
  buf_addc(out, '"');
  for (size_t i = 0; i < n;) {
    unsigned char c = u[i];
    if (c >= 0x80) {
      size_t len;
      bool valid;
      uint32_t cp = utf8_decode(u + i, n - i, &len, &valid);
      if (valid) {
        buf_add(out, u + i, len);
      } else {
        utf8_encode(out, cp);
      }
      i += len;
      continue;
    }
    switch (c) {
      case '"':
        buf_adds(out, "\\\"");
        break;
      case '\\':
        buf_adds(out, "\\\\");
        break;
      case '\n':
        buf_adds(out, "\\n");
        break;
      case '\r':
        buf_adds(out, "\\r");
        break;
      case '\t':
        buf_adds(out, "\\t");
        break;
      default:
        if (c < 0x20) {
          char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
          buf_add(out, esc, sizeof esc);
        } else {
          buf_addc(out, (char)c);
        }
    }
    i++;
  }
  buf_addc(out, '"');
}

void json_quote_str(struct buf *out, const char *s) {
  if (s == NULL) {
    buf_adds(out, "null");
  } else {
    json_quote(out, s, strlen(s));
  }
}
