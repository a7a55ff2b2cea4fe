/**
 * A growable byte buffer, and the shim's one answer to running out of memory.
 *
 * Every input is bounded (1 MiB of stdin, 16 MiB of the daemon's answer), so a failed
 * allocation means a broken machine, not a case to recover from: out_of_memory() (main.c)
 * prints CNI error 100 and exits, and no caller has to check.
 */
#ifndef NETAGENT_CNI_BUF_H
#define NETAGENT_CNI_BUF_H

#include <stdarg.h>
#include <stddef.h>

/** Bytes p[0..len), followed by a NUL once anything was added (p is NULL before). */
struct buf {
  char *p;
  size_t len;
  size_t cap;
};

#define BUF_INIT {NULL, 0, 0}

/** Prints CNI error 100 ("out of memory") and exits 1; defined by main.c. */
_Noreturn void out_of_memory(void);

void buf_add(struct buf *b, const void *data, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *format, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *format, va_list args) __attribute__((format(printf, 2, 0), nonnull(1, 2)));
/** Empties the buffer, keeping its memory. */
void buf_clear(struct buf *b);
void buf_free(struct buf *b);
/** The text, "" when nothing was added. */
const char *buf_str(const struct buf *b);

#endif
