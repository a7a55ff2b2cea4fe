/**
 * JSON in (json.h): checks that a text is one JSON object and reads its top-level keys. It is
 * the Java shim's JsonReader, step for step, so that it accepts and refuses the same texts and
 * says the same thing at the same offset; it adds only the check that strings are UTF-8, which
 * Java's decoding papered over with U+FFFD.
 */
#include "json.h"

#include <stdio.h>
#include <string.h>

#include "utf8.h"

struct reader {
  const unsigned char *s;
  size_t len;
  /** May pass the end by one, as Java's did after reading the end; offsets are capped at len. */
  size_t pos;
  bool strict;
  struct buf *error;
  struct buf key;
};

static int fail(struct reader *r, const char *what) {
  size_t at = r->pos < r->len ? r->pos : r->len;
  buf_clear(r->error);
  buf_addf(r->error, "%s at offset %zu", what, utf16_length((const char *)r->s, at));
  return -1;
}

/** The next byte, or 0 at the end (which no valid position holds). */
static unsigned char peek(const struct reader *r) {
  return r->pos < r->len ? r->s[r->pos] : 0;
}

static unsigned char next(struct reader *r) {
  unsigned char c = peek(r);
  r->pos++;
  return c;
}

static void space(struct reader *r) {
  while (r->pos < r->len) {
    unsigned char c = r->s[r->pos];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      return;
    }
    r->pos++;
  }
}

static char kind(unsigned char c) {
  if (c == '-' || (c >= '0' && c <= '9')) {
    return '0';
  }
  return c == '{' || c == '[' || c == '"' || c == 't' || c == 'f' || c == 'n' ? (char)c : 0;
}

static int hex_digit(unsigned char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

/** Whether at least n UTF-16 units are left from pos: Java's `pos + 4 > text.length()`. */
static bool units_left(const struct reader *r, size_t n) {
  size_t units = 0;
  for (size_t i = r->pos; i < r->len && units < n;) {
    size_t len;
    bool valid;
    units += utf8_decode(r->s + i, r->len - i, &len, &valid) >= 0x10000 ? 2 : 1;
    i += len;
  }
  return units >= n;
}

/** Four hex digits at s[at..at+4), or -1. */
static long hex4(const struct reader *r, size_t at) {
  if (at > r->len || r->len - at < 4) {
    return -1;
  }
  long value = 0;
  for (size_t i = at; i < at + 4; i++) {
    int digit = hex_digit(r->s[i]);
    if (digit < 0) {
      return -1;
    }
    value = value * 16 + digit;
  }
  return value;
}

/** After `\u`: appends the character, or '?' for an unpaired surrogate. */
static int unicode(struct reader *r, struct buf *into, bool *lone) {
  if (!units_left(r, 4)) {
    return fail(r, "bad \\u escape");
  }
  unsigned value = 0;
  for (int i = 0; i < 4; i++) {
    int digit = hex_digit(r->s[r->pos++]);
    if (digit < 0) {
      r->pos--;
      return fail(r, "bad \\u escape");
    }
    value = value * 16 + (unsigned)digit;
  }
  if (value >= 0xD800 && value <= 0xDBFF && r->pos + 1 < r->len && r->s[r->pos] == '\\' && r->s[r->pos + 1] == 'u') {
    /* Java joined a pair in its String by itself; here it is joined only when the low half
       follows at once and is well formed, and anything else is left to the next round, so that
       errors are found where Java found them. */
    long low = hex4(r, r->pos + 2);
    if (low >= 0xDC00 && low <= 0xDFFF) {
      r->pos += 6;
      if (into != NULL) {
        utf8_encode(into, 0x10000u + ((value - 0xD800u) << 10) + ((unsigned)low - 0xDC00u));
      }
      return 0;
    }
  }
  if (value >= 0xD800 && value <= 0xDFFF) {
    *lone = true;
  }
  if (into != NULL) {
    utf8_encode(into, value);
  }
  return 0;
}

/** At the opening quote: reads the string, decoded into `into` when it is not NULL. */
static int string(struct reader *r, struct buf *into, bool *lone) {
  r->pos++;
  *lone = false;
  for (;;) {
    unsigned char c = next(r);
    if (c == '"') {
      return 0;
    }
    if (c < 0x20) {
      r->pos--;
      return fail(r, r->pos >= r->len ? "unterminated string" : "control character in a string");
    }
    if (c >= 0x80) {
      r->pos--;
      size_t len;
      bool valid;
      uint32_t cp = utf8_decode(r->s + r->pos, r->len - r->pos, &len, &valid);
      if (!valid && r->strict) {
        return fail(r, "invalid UTF-8 in a string");
      }
      if (into != NULL) {
        utf8_encode(into, cp);
      }
      r->pos += len;
      continue;
    }
    if (c != '\\') {
      if (into != NULL) {
        buf_addc(into, (char)c);
      }
      continue;
    }
    unsigned char e = next(r);
    char plain;
    switch (e) {
      case '"':
      case '\\':
      case '/':
        plain = (char)e;
        break;
      case 'b':
        plain = '\b';
        break;
      case 'f':
        plain = '\f';
        break;
      case 'n':
        plain = '\n';
        break;
      case 'r':
        plain = '\r';
        break;
      case 't':
        plain = '\t';
        break;
      case 'u':
        if (unicode(r, into, lone) != 0) {
          return -1;
        }
        continue;
      default:
        r->pos--;
        return fail(r, "bad escape in a string");
    }
    if (into != NULL) {
      buf_addc(into, plain);
    }
  }
}

static int digits(struct reader *r) {
  size_t start = r->pos;
  while (peek(r) >= '0' && peek(r) <= '9') {
    r->pos++;
  }
  return r->pos == start ? fail(r, "bad number") : 0;
}

static int number(struct reader *r) {
  if (peek(r) == '-') {
    r->pos++;
  }
  if (peek(r) == '0') {
    r->pos++;
  } else if (digits(r) != 0) {
    return -1;
  }
  if (peek(r) == '.') {
    r->pos++;
    if (digits(r) != 0) {
      return -1;
    }
  }
  if (peek(r) == 'e' || peek(r) == 'E') {
    r->pos++;
    if (peek(r) == '+' || peek(r) == '-') {
      r->pos++;
    }
    if (digits(r) != 0) {
      return -1;
    }
  }
  return 0;
}

static int literal(struct reader *r, const char *word) {
  size_t n = strlen(word);
  if (r->len - r->pos < n || memcmp(r->s + r->pos, word, n) != 0) {
    char what[16];
    snprintf(what, sizeof what, "expected %s", word);
    return fail(r, what);
  }
  r->pos += n;
  return 0;
}

static int value(struct reader *r, int depth);

/** At `{`; top is the members to fill in for the top-level object, NULL for a nested one. */
static int object(struct reader *r, struct json_member *top, size_t count, int depth) {
  r->pos++;
  space(r);
  if (peek(r) == '}') {
    r->pos++;
    return 0;
  }
  for (;;) {
    space(r);
    if (peek(r) != '"') {
      return fail(r, "expected a key");
    }
    bool lone;
    buf_clear(&r->key);
    if (string(r, top != NULL ? &r->key : NULL, &lone) != 0) {
      return -1;
    }
    space(r);
    if (next(r) != ':') {
      r->pos--;
      return fail(r, "expected :");
    }
    space(r);
    char k = kind(peek(r));
    struct json_member *member = NULL;
    for (size_t i = 0; top != NULL && i < count; i++) {
      if (strlen(top[i].key) == r->key.len && memcmp(top[i].key, r->key.p, r->key.len) == 0) {
        member = &top[i];
      }
    }
    if (member != NULL) {
      member->kind = k;
      member->lone_surrogate = false;
      buf_clear(&member->value);
    }
    if (top != NULL && k == '"') {
      /* A top-level string is read here, without value()'s depth check, as Java did. */
      if (string(r, member != NULL ? &member->value : NULL, &lone) != 0) {
        return -1;
      }
      if (member != NULL) {
        member->lone_surrogate = lone;
      }
    } else if (value(r, depth) != 0) {
      return -1;
    }
    space(r);
    unsigned char c = next(r);
    if (c == '}') {
      return 0;
    }
    if (c != ',') {
      r->pos--;
      return fail(r, "expected , or }");
    }
  }
}

static int array(struct reader *r, int depth) {
  r->pos++;
  space(r);
  if (peek(r) == ']') {
    r->pos++;
    return 0;
  }
  for (;;) {
    space(r);
    if (value(r, depth) != 0) {
      return -1;
    }
    space(r);
    unsigned char c = next(r);
    if (c == ']') {
      return 0;
    }
    if (c != ',') {
      r->pos--;
      return fail(r, "expected , or ]");
    }
  }
}

static int value(struct reader *r, int depth) {
  if (depth > JSON_MAX_DEPTH) {
    char what[32];
    snprintf(what, sizeof what, "nested deeper than %d", JSON_MAX_DEPTH);
    return fail(r, what);
  }
  bool lone;
  switch (kind(peek(r))) {
    case '{':
      return object(r, NULL, 0, depth + 1);
    case '[':
      return array(r, depth + 1);
    case '"':
      return string(r, NULL, &lone);
    case 't':
      return literal(r, "true");
    case 'f':
      return literal(r, "false");
    case 'n':
      return literal(r, "null");
    case '0':
      return number(r);
    default:
      return fail(r, "expected a value");
  }
}

int json_read_object(const char *text, size_t len, bool strict, struct json_member *members, size_t count, struct buf *error) {
  for (size_t i = 0; i < count; i++) {
    members[i].kind = 0;
    members[i].lone_surrogate = false;
    buf_clear(&members[i].value);
  }
  struct reader r = {(const unsigned char *)text, len, 0, strict, error, BUF_INIT};
  int result;
  space(&r);
  if (peek(&r) != '{') {
    result = fail(&r, "expected a JSON object");
  } else if ((result = object(&r, members, count, 1)) == 0) {
    space(&r);
    if (r.pos < r.len) {
      result = fail(&r, "unexpected text after the object");
    }
  }
  buf_free(&r.key);
  return result;
}
