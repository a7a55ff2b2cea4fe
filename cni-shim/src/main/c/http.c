/**
 * HTTP over the daemon's Unix socket (http.h): the Java shim's DaemonConnection and
 * HttpResponse. Instead of its watchdog thread, one deadline bounds the connect (SO_SNDTIMEO,
 * which AF_UNIX connect honours while the listener's backlog is full), the write and the read
 * (poll on a non-blocking socket).
 */
#define _GNU_SOURCE
#include "http.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* ---------------------------------------------------------------------------------------------
 * The answer's bytes (HttpResponse).
 */

/** Where needle first occurs in s[from..n), or -1. */
static long find(const char *s, size_t n, size_t from, const char *needle) {
  size_t k = strlen(needle);
  for (size_t i = from; i + k <= n; i++) {
    if (memcmp(s + i, needle, k) == 0) {
      return (long)i;
    }
  }
  return -1;
}

/** Appends ISO-8859-1 text as UTF-8, as Java decoded the head. */
static void latin1(struct buf *out, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      buf_addc(out, (char)c);
    } else {
      buf_addc(out, (char)(0xC0 | (c >> 6)));
      buf_addc(out, (char)(0x80 | (c & 0x3F)));
    }
  }
}

/** Java's String.trim: without the bytes <= ' ' at either end. */
static void trim(const char **s, size_t *n) {
  while (*n > 0 && (unsigned char)(*s)[0] <= ' ') {
    (*s)++, (*n)--;
  }
  while (*n > 0 && (unsigned char)(*s)[*n - 1] <= ' ') {
    (*n)--;
  }
}

/** Integer.parseInt(text.trim(), radix): an optional sign, digits, within an int. */
static bool parse_int(const char *s, size_t n, int radix, long *value) {
  trim(&s, &n);
  bool negative = false;
  size_t i = 0;
  if (n > 0 && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    i++;
  }
  if (i == n) {
    return false;
  }
  long v = 0;
  for (; i < n; i++) {
    char c = s[i];
    int d = c >= '0' && c <= '9' ? c - '0' : radix == 16 && c >= 'a' && c <= 'f' ? c - 'a' + 10 : radix == 16 && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) {
      return false;
    }
    v = v * radix + d;
    if (v > 2147483648L) {
      return false;
    }
  }
  if (!negative && v > 2147483647L) {
    return false;
  }
  *value = negative ? -v : v;
  return true;
}

/** Status and Content-Length: a non-negative int. */
static int number(const char *s, size_t n, const char *what, long *value, struct buf *error) {
  if (parse_int(s, n, 10, value) && *value >= 0) {
    return 0;
  }
  buf_addf(error, "bad %s: ", what);
  latin1(error, s, n);
  return -1;
}

static bool contains_chunked(const char *s, size_t n) {
  static const char word[] = "chunked";
  for (size_t i = 0; i + sizeof word - 1 <= n; i++) {
    size_t k = 0;
    while (k < sizeof word - 1 && (s[i + k] | 0x20) == word[k]) {
      k++;
    }
    if (k == sizeof word - 1) {
      return true;
    }
  }
  return false;
}

static int dechunk(const char *bytes, size_t n, size_t pos, struct buf *body, struct buf *error) {
  for (;;) {
    long line_end = find(bytes, n, pos, "\r\n");
    if (line_end < 0) {
      buf_adds(error, "the answer was cut off inside a chunk header");
      return -1;
    }
    const char *size_text = bytes + pos;
    size_t size_len = (size_t)line_end - pos;
    const char *semicolon = memchr(size_text, ';', size_len);
    long size;
    if (!parse_int(size_text, semicolon == NULL ? size_len : (size_t)(semicolon - size_text), 16, &size)) {
      buf_adds(error, "bad chunk size: ");
      /* As US-ASCII, which Java decoded it as. */
      for (size_t i = 0; i < size_len; i++) {
        if ((unsigned char)size_text[i] < 0x80) {
          buf_addc(error, size_text[i]);
        } else {
          buf_adds(error, "\xEF\xBF\xBD");
        }
      }
      return -1;
    }
    pos = (size_t)line_end + 2;
    if (size == 0) {
      return 0;
    }
    if (size < 0 || (size_t)size > n - pos) {
      buf_adds(error, "the answer was cut off inside a chunk");
      return -1;
    }
    buf_add(body, bytes + pos, (size_t)size);
    pos += (size_t)size + 2;
  }
}

int http_parse(const char *bytes, size_t n, struct http_response *response, struct buf *error) {
  long head_end = find(bytes, n, 0, "\r\n\r\n");
  if (head_end < 0) {
    buf_addf(error, "the answer ended inside its headers (%zu bytes)", n);
    return -1;
  }
  size_t head_len = (size_t)head_end;
  long line_end = find(bytes, head_len, 0, "\r\n");
  size_t status_len = line_end < 0 ? head_len : (size_t)line_end;
  if (status_len < 12 || memcmp(bytes, "HTTP/1.", 7) != 0 || bytes[8] != ' ') {
    buf_adds(error, "the answer is not HTTP/1.1: ");
    latin1(error, bytes, status_len);
    return -1;
  }
  long status;
  if (number(bytes + 9, 3, "status", &status, error) != 0) {
    return -1;
  }
  long length = -1;
  bool chunked = false;
  while (line_end >= 0) {
    size_t line_start = (size_t)line_end + 2;
    line_end = find(bytes, head_len, line_start, "\r\n");
    const char *line = bytes + line_start;
    size_t line_len = (line_end < 0 ? head_len : (size_t)line_end) - line_start;
    const char *colon = memchr(line, ':', line_len);
    if (colon == NULL || colon == line) {
      continue;
    }
    const char *name = line, *value = colon + 1;
    size_t name_len = (size_t)(colon - line), value_len = line_len - name_len - 1;
    trim(&name, &name_len);
    trim(&value, &value_len);
    if (name_len == 14 && strncasecmp(name, "content-length", 14) == 0) {
      if (number(value, value_len, "Content-Length", &length, error) != 0) {
        return -1;
      }
    } else if (name_len == 17 && strncasecmp(name, "transfer-encoding", 17) == 0) {
      chunked = contains_chunked(value, value_len);
    }
  }
  response->status = (int)status;
  buf_clear(&response->body);
  size_t start = head_len + 4;
  if (chunked) {
    return dechunk(bytes, n, start, &response->body, error);
  }
  if (length >= 0) {
    if ((size_t)length > n - start) {
      buf_addf(error, "the answer was cut off (%zu of %ld bytes)", n - start, length);
      return -1;
    }
    buf_add(&response->body, bytes + start, (size_t)length);
    return 0;
  }
  buf_add(&response->body, bytes + start, n - start);
  return 0;
}

/* ---------------------------------------------------------------------------------------------
 * The exchange (DaemonConnection).
 */

enum { DONE = 0, FAILED = -1, TIMED_OUT = -2 };

/** Milliseconds on CLOCK_MONOTONIC, or -1 if it cannot be read (Linux always has it). */
static long long now_ms(void) {
  struct timespec t;
  if (clock_gettime(CLOCK_MONOTONIC, &t) != 0) {
    return -1;
  }
  return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/** What is left until the deadline; nothing when the clock cannot be read, rather than waiting for ever. */
static long long left_ms(long long deadline) {
  long long now = now_ms();
  return now < 0 ? 0 : deadline - now;
}

/** Connects, waiting for the listener's backlog until the deadline; errno tells a failure. */
static int connect_until(int fd, const char *path, long long deadline) {
  struct sockaddr_un address = {.sun_family = AF_UNIX};
  size_t n = strlen(path);
  if (n >= sizeof address.sun_path) {
    errno = ENAMETOOLONG;
    return FAILED;
  }
  memcpy(address.sun_path, path, n + 1);
  for (;;) {
    long long left = left_ms(deadline);
    if (left <= 0) {
      return TIMED_OUT;
    }
    struct timeval timeout = {.tv_sec = (time_t)(left / 1000), .tv_usec = (suseconds_t)(left % 1000 * 1000)};
    if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout) != 0) {
      return FAILED;
    }
    if (connect(fd, (const struct sockaddr *)&address, sizeof address) == 0) {
      return DONE;
    }
    if (errno == EISCONN) {
      /* An interrupted connect that the kernel finished meanwhile. */
      return DONE;
    }
    /* EAGAIN: SO_SNDTIMEO ran out with the backlog still full; the loop checks the time. */
    if (errno != EINTR && errno != EAGAIN) {
      return FAILED;
    }
  }
}

/** Waits until fd is ready for events or the deadline passes. */
static int wait_for(int fd, short events, long long deadline) {
  for (;;) {
    long long left = left_ms(deadline);
    if (left <= 0) {
      return TIMED_OUT;
    }
    struct pollfd p = {.fd = fd, .events = events};
    int n = poll(&p, 1, (int)(left > 60000 ? 60000 : left));
    if (n > 0) {
      return DONE;
    }
    if (n < 0 && errno != EINTR) {
      return FAILED;
    }
  }
}

static int send_all(int fd, const char *data, size_t n, long long deadline) {
  while (n > 0) {
    ssize_t sent = send(fd, data, n, MSG_NOSIGNAL);
    if (sent >= 0) {
      data += sent;
      n -= (size_t)sent;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      int waited = wait_for(fd, POLLOUT, deadline);
      if (waited != DONE) {
        return waited;
      }
    } else if (errno != EINTR) {
      return FAILED;
    }
  }
  return DONE;
}

/** Reads to the end of the connection; *too_large when more than HTTP_MAX_ANSWER came. */
static int read_all(int fd, struct buf *answer, long long deadline, bool *too_large) {
  char chunk[16 * 1024];
  for (;;) {
    size_t room = HTTP_MAX_ANSWER + 1 - answer->len;
    ssize_t n = read(fd, chunk, room < sizeof chunk ? room : sizeof chunk);
    if (n > 0) {
      buf_add(answer, chunk, (size_t)n);
      if (answer->len > HTTP_MAX_ANSWER) {
        *too_large = true;
        return DONE;
      }
    } else if (n == 0) {
      return DONE;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      int waited = wait_for(fd, POLLIN, deadline);
      if (waited != DONE) {
        return waited;
      }
    } else if (errno != EINTR) {
      return FAILED;
    }
  }
}

static enum daemon_outcome io_failure(struct cni_error *error, const char *socket, int errnum) {
  cni_fail(error, CNI_IO_FAILURE, "the connection to the netagent daemon at %s failed", socket);
  buf_adds(&error->details, strerror(errnum));
  return DAEMON_FAILED;
}

static enum daemon_outcome timed_out(struct cni_error *error, const char *socket, long timeout_ms) {
  if (timeout_ms % 1000 == 0) {
    cni_fail(error, CNI_TRY_AGAIN_LATER, "the netagent daemon at %s did not answer within %ld s", socket, timeout_ms / 1000);
  } else {
    cni_fail(error, CNI_TRY_AGAIN_LATER, "the netagent daemon at %s did not answer within %ld ms", socket, timeout_ms);
  }
  return DAEMON_FAILED;
}

/** Why connect failed: nobody there, a socket the shim may not use, or another failure. */
static enum daemon_outcome connect_failure(struct cni_error *error, const char *socket, int errnum) {
  struct stat st;
  if (errnum == ECONNREFUSED || (stat(socket, &st) != 0 && errno == ENOENT)) {
    return DAEMON_ABSENT;
  }
  if (errnum == EACCES) {
    cni_fail(error, CNI_IO_FAILURE,
             "permission denied on the netagent daemon's socket %s (the plugin must run as root, or in the socket's group)", socket);
    return DAEMON_FAILED;
  }
  return io_failure(error, socket, errnum);
}

static enum daemon_outcome exchange(int fd, const char *socket, const char *target, const char *body, size_t body_len, long timeout_ms,
                                    struct http_response *response, struct cni_error *error) {
  long long deadline = now_ms() + timeout_ms;
  int step = connect_until(fd, socket, deadline);
  if (step == FAILED) {
    return connect_failure(error, socket, errno);
  }
  int flags;
  if (step == DONE && ((flags = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)) {
    return io_failure(error, socket, errno);
  }
  struct buf request = BUF_INIT;
  struct buf answer = BUF_INIT;
  bool too_large = false;
  if (step == DONE) {
    buf_addf(&request,
             "POST %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\n"
             "Accept: application/json\r\nContent-Length: %zu\r\n\r\n",
             target, body_len);
    buf_add(&request, body, body_len);
    step = send_all(fd, request.p, request.len, deadline);
  }
  if (step == DONE) {
    step = read_all(fd, &answer, deadline, &too_large);
  }
  int errnum = errno;
  enum daemon_outcome outcome = DAEMON_ANSWERED;
  if (step == TIMED_OUT) {
    outcome = timed_out(error, socket, timeout_ms);
  } else if (step == FAILED) {
    outcome = io_failure(error, socket, errnum);
  } else if (too_large) {
    cni_fail(error, CNI_IO_FAILURE, "the netagent daemon's answer is larger than %d MiB", HTTP_MAX_ANSWER / (1024 * 1024));
    outcome = DAEMON_FAILED;
  } else {
    struct buf why = BUF_INIT;
    if (http_parse(answer.p == NULL ? "" : answer.p, answer.len, response, &why) != 0) {
      cni_fail(error, CNI_IO_FAILURE, "the netagent daemon at %s gave an answer that is not HTTP", socket);
      buf_add(&error->details, buf_str(&why), why.len);
      outcome = DAEMON_FAILED;
    }
    buf_free(&why);
  }
  buf_free(&request);
  buf_free(&answer);
  return outcome;
}

enum daemon_outcome daemon_post(const char *socket_path, const char *target, const char *body, size_t body_len, long timeout_ms,
                                struct http_response *response, struct cni_error *error) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return io_failure(error, socket_path, errno);
  }
  enum daemon_outcome outcome = exchange(fd, socket_path, target, body, body_len, timeout_ms, response, error);
  /* Nothing is left to flush on close: the answer was read to the end, or the exchange failed. */
  close(fd);
  return outcome;
}
