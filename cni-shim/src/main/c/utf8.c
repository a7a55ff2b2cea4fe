/**
 * UTF-8 decoding and Java's view of text (utf8.h).
 */
#include "utf8.h"

uint32_t utf8_decode(const unsigned char *s, size_t n, size_t *len, bool *valid) {
  unsigned char c = s[0];
  *len = 1;
  *valid = true;
  if (c < 0x80) {
    return c;
  }
  /* The well-formed sequences (Unicode Table 3-7): the lead byte fixes the length and the
     range of the second byte, which excludes overlong forms and code points above U+10FFFF. */
  size_t need;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 2;
    cp = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 3;
    cp = c & 0x0Fu;
    lo = c == 0xE0 ? 0xA0 : 0x80;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 4;
    cp = c & 0x07u;
    lo = c == 0xF0 ? 0x90 : 0x80;
    hi = c == 0xF4 ? 0x8F : 0xBF;
  } else {
    *valid = false;
    return UTF8_REPLACEMENT;
  }
  for (size_t i = 1; i < need; i++) {
    if (i >= n || s[i] < lo || s[i] > hi) {
      *len = i;
      *valid = false;
      return UTF8_REPLACEMENT;
    }
    cp = (cp << 6) | (s[i] & 0x3Fu);
    lo = 0x80;
    hi = 0xBF;
  }
  *len = need;
  if (cp >= 0xD800 && cp <= 0xDFFF) {
    /* An encoded surrogate (ED A0..BF xx) is one ill-formed unit of three bytes to Java's
       decoder, not the three of the maximal-subpart rule; Java's count is the one to match. */
    *valid = false;
    return UTF8_REPLACEMENT;
  }
  return cp;
}

void utf8_encode(struct buf *out, uint32_t cp) {
  unsigned char b[4];
  size_t n;
  if (cp < 0x80) {
    b[0] = (unsigned char)cp, n = 1;
  } else if (cp < 0x800) {
    b[0] = (unsigned char)(0xC0 | (cp >> 6)), b[1] = (unsigned char)(0x80 | (cp & 0x3F)), n = 2;
  } else if (cp >= 0xD800 && cp <= 0xDFFF) {
    b[0] = '?', n = 1;
  } else if (cp < 0x10000) {
    b[0] = (unsigned char)(0xE0 | (cp >> 12)), b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    b[2] = (unsigned char)(0x80 | (cp & 0x3F)), n = 3;
  } else {
    b[0] = (unsigned char)(0xF0 | (cp >> 18)), b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)), b[3] = (unsigned char)(0x80 | (cp & 0x3F)), n = 4;
  }
  buf_add(out, b, n);
}

bool java_whitespace(uint32_t cp) {
  /* Space, line and paragraph separators except the no-break ones (U+00A0, U+2007, U+202F),
     and the ASCII controls Java counts as white: U+0009-U+000D, U+001C-U+001F. */
  return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x2006)
      || (cp >= 0x2008 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x205F || cp == 0x3000;
}

bool java_blank(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    size_t len;
    bool valid;
    if (!java_whitespace(utf8_decode(u + i, n - i, &len, &valid))) {
      return false;
    }
    i += len;
  }
  return true;
}

size_t utf16_length(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  size_t units = 0;
  for (size_t i = 0; i < n;) {
    size_t len;
    bool valid;
    units += utf8_decode(u + i, n - i, &len, &valid) >= 0x10000 ? 2 : 1;
    i += len;
  }
  return units;
}
