/**
 * SHA-256 (FIPS 180-4), for the names of the DEL spool's files (spool.c): the daemon finds a
 * record by no name, but a later DEL of the same container must replace the earlier one, and
 * the Java shim named them so. A few dozen lines rather than a crypto library to link.
 */
#ifndef NETAGENT_CNI_SHA256_H
#define NETAGENT_CNI_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_BYTES 32

void sha256(const void *data, size_t n, uint8_t digest[SHA256_BYTES]);

#endif
