/**
 * One HTTP/1.1 request to the daemon on its Unix socket, and its answer. The daemon is Jetty 12,
 * which answers HTTP/1.1 requests with a Content-Length or chunked body; the request says
 * `Connection: close`, the answer is read to the end of the connection and its body framed by
 * Content-Length, by chunks, or by that end (the agent's api.ResponseParser does the same; the
 * shim shares no code with the agent).
 */
#ifndef NETAGENT_CNI_HTTP_H
#define NETAGENT_CNI_HTTP_H

#include <stddef.h>

#include "buf.h"
#include "error.h"

/** The largest answer read: larger is error 5. */
#define HTTP_MAX_ANSWER (16 * 1024 * 1024)

struct http_response {
  int status;
  struct buf body;
};

/**
 * Parses the bytes of a whole HTTP/1.x response.
 *
 * @return 0, or -1 with why it is not one in *error
 */
int http_parse(const char *bytes, size_t n, struct http_response *response, struct buf *error);

enum daemon_outcome {
  /** *response holds the answer, whatever its status. */
  DAEMON_ANSWERED,
  /** Nothing listens on the socket: it is missing, or the connection is refused. */
  DAEMON_ABSENT,
  /** *error holds error 5 (the socket may not be used, the exchange failed) or 11 (no answer in time). */
  DAEMON_FAILED,
};

/** Sends `POST target` with a JSON body on the socket and reads the answer, all within timeout_ms. */
enum daemon_outcome daemon_post(const char *socket, const char *target, const char *body, size_t body_len, long timeout_ms,
                                struct http_response *response, struct cni_error *error);

#endif
