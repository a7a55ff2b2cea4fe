/**
 * The JSON the shim needs, hand-written rather than a library: it writes a handful of strings
 * (json_quote.c) and checks that a text is one JSON object while reading a few of its top-level
 * keys (json_read.c). The runtime runs the shim once per container event, so it links nothing
 * but libc.
 */
#ifndef NETAGENT_CNI_JSON_H
#define NETAGENT_CNI_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/** Deeper nesting is refused: the reader recurses, and a hostile input must not exhaust the stack. */
#define JSON_MAX_DEPTH 256

/**
 * Appends s[0..n) as a JSON string: `"` and `\` escaped, newline, return and tab as \n, \r, \t,
 * other controls as \u00XX, everything else as it is (also DEL and `/`); an ill-formed UTF-8
 * sequence as U+FFFD, as Java decoded it.
 */
void json_quote(struct buf *out, const char *s, size_t n);

/** json_quote of a C string, or `null` for NULL. */
void json_quote_str(struct buf *out, const char *s);

/** One top-level key the reader looks for, and what it found. */
struct json_member {
  /** The key (ASCII). */
  const char *key;
  /** The kind of its value: 0 absent, `"` string, `0` number, `{` object, `[` array, `t`/`f` boolean, `n` null. */
  char kind;
  /** The string, decoded, when kind is `"`; a repeated key keeps its last value, as Go's encoding/json does. */
  struct buf value;
  /**
   * Whether the string held an unpaired surrogate escape (`"\ud800"`). Java kept it in its
   * String, printed it as '?' (which value holds in its place) and refused it as a path; the
   * shim does the same.
   */
  bool lone_surrogate;
};

/**
 * Checks that text[0..len) is exactly one JSON object (RFC 8259; whitespace around it allowed)
 * and fills in the members found among its top-level keys; nested values are checked, not kept.
 * strict: strings must be UTF-8 (the configuration on stdin); otherwise ill-formed bytes in a
 * string are taken as U+FFFD, as Java took the daemon's answer.
 *
 * @return 0, or -1 with the reason in *error, as "WHAT at offset N" (N in UTF-16 units from the
 *     start, as the Java shim counted)
 */
int json_read_object(const char *text, size_t len, bool strict, struct json_member *members, size_t count, struct buf *error);

#endif
