/**
 * A growable byte buffer (buf.h).
 */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** Makes room for n more bytes and the NUL after them. */
static void reserve(struct buf *b, size_t n) {
  if (n > (size_t)-1 - b->len - 1) {
    out_of_memory();
  }
  size_t need = b->len + n + 1;
  if (need <= b->cap) {
    return;
  }
  size_t cap = b->cap < 64 ? 64 : b->cap;
  while (cap < need) {
    cap = cap > (size_t)-1 / 2 ? need : cap * 2;
  }
  char *p = realloc(b->p, cap);
  if (p == NULL) {
    out_of_memory();
  }
  b->p = p;
  b->cap = cap;
}

void buf_add(struct buf *b, const void *data, size_t n) {
  reserve(b, n);
  if (n > 0) {
    memcpy(b->p + b->len, data, n);
  }
  b->len += n;
  b->p[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s) {
  buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c) {
  buf_add(b, &c, 1);
}

void buf_addf(struct buf *b, const char *format, ...) {
  va_list args;
  va_start(args, format);
  buf_vaddf(b, format, args);
  va_end(args);
}

void buf_vaddf(struct buf *b, const char *format, va_list args) {
  va_list again;
  va_copy(again, args);
  int n = vsnprintf(NULL, 0, format, args);
  if (n < 0) {
    /* Only an invalid format fails, and every format here is a literal. */
    abort();
  }
  reserve(b, (size_t)n);
  vsnprintf(b->p + b->len, (size_t)n + 1, format, again);
  va_end(again);
  b->len += (size_t)n;
}

void buf_clear(struct buf *b) {
  b->len = 0;
  if (b->p != NULL) {
    b->p[0] = '\0';
  }
}

void buf_free(struct buf *b) {
  free(b->p);
  b->p = NULL;
  b->len = 0;
  b->cap = 0;
}

const char *buf_str(const struct buf *b) {
  return b->p == NULL ? "" : b->p;
}
