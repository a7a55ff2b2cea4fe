/**
 * UTF-8 as the Java shim saw its text: decoding that replaces each ill-formed sequence with
 * U+FFFD (as `new String(bytes, UTF_8)` does), Java's idea of whitespace (String.isBlank and
 * strip), and lengths in UTF-16 units, which is what Java's offsets and substrings count. The
 * shim keeps these so that its messages and answers are the Java shim's, byte for byte.
 */
#ifndef NETAGENT_CNI_UTF8_H
#define NETAGENT_CNI_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define UTF8_REPLACEMENT 0xFFFDu

/**
 * The code point at s[0..n), n >= 1, and its length in bytes (*len >= 1). An ill-formed
 * sequence gives U+FFFD, *valid false, and the length Java 17's decoder replaces: that of its
 * maximal subpart (Unicode 3.9, "U+FFFD substitution of maximal subparts"), except that the
 * lead byte ED takes any continuation byte and an encoded surrogate is one unit of three.
 */
uint32_t utf8_decode(const unsigned char *s, size_t n, size_t *len, bool *valid);

/** Appends the code point as UTF-8; a surrogate becomes '?', as Java's encoder writes it. */
void utf8_encode(struct buf *out, uint32_t cp);

/** Character.isWhitespace. */
bool java_whitespace(uint32_t cp);

/** Whether the text is empty or only whitespace, as String.isBlank decides. */
bool java_blank(const char *s, size_t n);

/** The length in UTF-16 units of the text s[0..n), decoded as Java decodes it. */
size_t utf16_length(const char *s, size_t n);

#endif
