/**
 * The netagent CNI plugin, a thin shim in the "thick plugin" style: the runtime runs it once per
 * container event with the CNI environment and the network configuration on stdin; it answers
 * VERSION itself and forwards every other command to the netagent daemon (POST /cni on its Unix
 * socket, body as in request.h), then prints the daemon's answer. The runtime parses stdout, so
 * only the answer or a CNI error ever goes there; diagnostics go to stderr. Exit 0 on success,
 * 1 after a CNI error.
 *
 * It is C because the runtime waits for it at every container event: the Java shim it replaces
 * took 37 ms to start its JVM and 64 ms of a 78 ms ADD (README, "CNI plugin"). Its behaviour is
 * that shim's, message for message.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "http.h"
#include "json.h"
#include "request.h"
#include "spool.h"
#include "utf8.h"

/** The largest configuration read from stdin (the daemon takes request bodies up to 64 KiB). */
#define MAX_STDIN (1024 * 1024)

/** Generous: an ADD is answered once the kernel has converged for it. */
#define DAEMON_TIMEOUT_MS (5 * 60 * 1000L)

/**
 * For tests only: a shorter wait for the daemon's answer, in milliseconds. A runtime has no
 * reason to set it; it can only shorten the wait.
 */
#define TIMEOUT_VARIABLE "NETAGENT_CNI_TIMEOUT_MS"

#define COMMANDS "ADD, DEL, CHECK, STATUS, GC or VERSION"

static const char LATEST[] = "1.1.0";
static const char *const SUPPORTED[] = {"0.4.0", "1.0.0", "1.1.0"};
#define SUPPORTED_LIST "0.4.0, 1.0.0, 1.1.0"

/** The cniVersion errors carry: the configuration's once read, else the latest. */
static const char *error_version = LATEST;
static size_t error_version_len = sizeof LATEST - 1;

static void write_all(int fd, const char *data, size_t n, bool *failed) {
  while (n > 0) {
    ssize_t written = write(fd, data, n);
    if (written < 0 && errno == EINTR) {
      continue;
    }
    if (written < 0) {
      *failed = true;
      return;
    }
    data += written;
    n -= (size_t)written;
  }
}

static void print_error(const struct cni_error *e) {
  struct buf out = BUF_INIT;
  cni_error_json(&out, e, error_version, error_version_len);
  bool failed = false;
  write_all(STDOUT_FILENO, out.p, out.len, &failed);
  buf_free(&out);
}

_Noreturn void out_of_memory(void) {
  /* No allocation from here on: a fixed message, with the version only when it needs no escaping. */
  static const char line[] = "netagent-cni: internal error: out of memory\n";
  bool failed = false;
  write_all(STDERR_FILENO, line, sizeof line - 1, &failed);
  char json[512];
  int n = snprintf(json, sizeof json,
                   "{\"cniVersion\":\"%s\",\"code\":%d,\"msg\":\"internal error in the netagent CNI plugin\",\"details\":\"out of memory\"}\n",
                   strlen(error_version) == error_version_len && strspn(error_version, "0123456789.") == error_version_len ? error_version : LATEST,
                   CNI_INTERNAL);
  if (n > 0 && (size_t)n < sizeof json) {
    write_all(STDOUT_FILENO, json, (size_t)n, &failed);
  }
  _exit(1);
}

/** Reads stdin to its end, or to one byte past the limit. */
static int read_stdin(struct buf *text, bool *too_large, struct cni_error *error) {
  char chunk[64 * 1024];
  for (;;) {
    size_t room = MAX_STDIN + 1 - text->len;
    ssize_t n = read(STDIN_FILENO, chunk, room < sizeof chunk ? room : sizeof chunk);
    if (n > 0) {
      buf_add(text, chunk, (size_t)n);
      if (text->len > MAX_STDIN) {
        *too_large = true;
        return 0;
      }
    } else if (n == 0) {
      return 0;
    } else if (errno != EINTR) {
      cni_fail(error, CNI_IO_FAILURE, "cannot read the network configuration from stdin");
      buf_adds(&error->details, strerror(errno));
      return -1;
    }
  }
}

static bool is_command(const char *command) {
  static const char *const commands[] = {"ADD", "DEL", "CHECK", "STATUS", "GC", "VERSION"};
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
    if (strcmp(command, commands[i]) == 0) {
      return true;
    }
  }
  return false;
}

static bool supported(const struct buf *version) {
  for (size_t i = 0; i < sizeof SUPPORTED / sizeof SUPPORTED[0]; i++) {
    if (version->len == strlen(SUPPORTED[i]) && memcmp(version->p, SUPPORTED[i], version->len) == 0) {
      return true;
    }
  }
  return false;
}

/**
 * The answer to VERSION: the version the runtime gave (it reads the answer in that version's
 * terms), or the latest when it gave none, and the supported versions.
 */
static void version_answer(struct buf *out, const char *requested, size_t len) {
  buf_adds(out, "{\"cniVersion\":");
  json_quote(out, requested, len);
  buf_adds(out, ",\"supportedVersions\":[");
  for (size_t i = 0; i < sizeof SUPPORTED / sizeof SUPPORTED[0]; i++) {
    if (i > 0) {
      buf_addc(out, ',');
    }
    json_quote_str(out, SUPPORTED[i]);
  }
  buf_adds(out, "]}\n");
}

static int check_version(const struct json_member *version, struct cni_error *error) {
  if (version->kind != '"') {
    return cni_fail(error, CNI_INCOMPATIBLE_VERSION,
                    version->kind != 0 ? "the network configuration's cniVersion must be a string (supported: " SUPPORTED_LIST ")"
                                       : "the network configuration names no cniVersion (supported: " SUPPORTED_LIST ")");
  }
  if (!supported(&version->value)) {
    cni_fail(error, CNI_INCOMPATIBLE_VERSION, "CNI version ");
    buf_add(&error->msg, version->value.p, version->value.len);
    buf_adds(&error->msg, " is not supported by netagent (supported: " SUPPORTED_LIST ")");
    return -1;
  }
  return 0;
}

/** Whether the text is a CNI error object: a numeric code and a string msg. */
static bool is_cni_error(const struct buf *text) {
  struct json_member members[] = {{"code", 0, BUF_INIT, false}, {"msg", 0, BUF_INIT, false}};
  struct buf why = BUF_INIT;
  bool yes = json_read_object(buf_str(text), text->len, false, members, 2, &why) == 0 && members[0].kind == '0' && members[1].kind == '"';
  buf_free(&why);
  buf_free(&members[0].value);
  buf_free(&members[1].value);
  return yes;
}

/**
 * The details of an error status: "HTTP N: " and the body as Java had it, decoded, stripped of
 * whitespace and cut after 4096 UTF-16 units with "...".
 */
static void status_details(struct buf *details, int status, const struct buf *body) {
  buf_addf(details, "HTTP %d: ", status);
  const unsigned char *s = (const unsigned char *)buf_str(body);
  size_t start = 0, end = body->len, len;
  bool valid;
  while (start < end) {
    if (!java_whitespace(utf8_decode(s + start, end - start, &len, &valid))) {
      break;
    }
    start += len;
  }
  /* Back to the start of the last character that is not whitespace: decode forward, remember. */
  size_t last_end = start;
  for (size_t i = start; i < end; i += len) {
    if (!java_whitespace(utf8_decode(s + i, end - i, &len, &valid))) {
      last_end = i + len;
    }
  }
  end = last_end;
  size_t units = 0;
  for (size_t i = start; i < end; i += len) {
    uint32_t cp = utf8_decode(s + i, end - i, &len, &valid);
    size_t n = cp >= 0x10000 ? 2 : 1;
    if (units + n > 4096) {
      /* substring(0, 4096) could split a pair; its high half was printed as '?'. */
      if (units < 4096) {
        buf_addc(details, '?');
      }
      buf_adds(details, "...");
      return;
    }
    units += n;
    utf8_encode(details, cp);
  }
}

static long timeout_ms(struct cni_error *error) {
  const char *text = getenv(TIMEOUT_VARIABLE);
  if (text == NULL) {
    return DAEMON_TIMEOUT_MS;
  }
  char *end;
  errno = 0;
  long ms = strtol(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || *text < '0' || *text > '9' || ms < 1 || ms > DAEMON_TIMEOUT_MS) {
    cni_fail(error, CNI_INVALID_ENVIRONMENT, TIMEOUT_VARIABLE " must be a number of milliseconds from 1 to %ld (a setting for tests)",
             DAEMON_TIMEOUT_MS);
    return -1;
  }
  return ms;
}

static int forward(const struct cni_request *request, struct buf *out, struct cni_error *error) {
  struct buf body = BUF_INIT;
  request_body(request, &body);
  long timeout = timeout_ms(error);
  if (timeout < 0) {
    buf_free(&body);
    return 1;
  }
  const char *socket = request_path(request, KEY_SOCKET, DEFAULT_SOCKET, error);
  if (socket == NULL) {
    buf_free(&body);
    return 1;
  }
  if (request->config[KEY_SOCKET].lone_surrogate) {
    buf_free(&body);
    cni_fail(error, CNI_INVALID_CONFIG, "the network configuration's \"socket\" is not a path: %s", socket);
    return 1;
  }
  struct http_response response = {0, BUF_INIT};
  enum daemon_outcome outcome = daemon_post(socket, "/cni", body.p, body.len, timeout, &response, error);
  int status = 1;
  if (outcome == DAEMON_ABSENT) {
    if (strcmp(request->command, "DEL") == 0) {
      /* A failed DEL can leave the pod stuck: the daemon does it when it starts (spool.h). */
      struct buf file = BUF_INIT;
      if (spool_record(request, socket, body.p, body.len, &file, error) == 0) {
        fprintf(stderr, "netagent-cni: the netagent daemon is not running (no socket at %s); the DEL is recorded in %s for it to do when it starts\n",
                socket, file.p);
        status = 0;
      }
      buf_free(&file);
    } else {
      cni_fail(error, strcmp(request->command, "STATUS") == 0 ? CNI_NOT_AVAILABLE : CNI_TRY_AGAIN_LATER,
               "the netagent daemon is not running (no socket at %s)", socket);
    }
  } else if (outcome == DAEMON_ANSWERED) {
    if (response.status >= 200 && response.status < 300) {
      buf_add(out, response.body.p, response.body.len);
      status = 0;
    } else if (is_cni_error(&response.body)) {
      /* The daemon's own CNI error, printed as it came, with exit 1. */
      buf_add(out, response.body.p, response.body.len);
    } else {
      cni_fail(error, CNI_IO_FAILURE, "the netagent daemon answered HTTP %d without a CNI error", response.status);
      status_details(&error->details, response.status, &response.body);
    }
  }
  buf_free(&response.body);
  buf_free(&body);
  return status;
}

/**
 * Serves one CNI call: *out gets what stdout gets, unless *error is set, whose JSON goes there
 * instead. Returns the exit code.
 */
static int run(struct buf *out, struct cni_error *error) {
  const char *command = getenv("CNI_COMMAND");
  struct buf text = BUF_INIT;
  bool too_large = false;
  if (read_stdin(&text, &too_large, error) != 0) {
    return 1;
  }
  struct json_member config[KEY_COUNT];
  request_members(config);
  struct cni_error undecodable = CNI_ERROR_INIT;
  bool is_version = command != NULL && strcmp(command, "VERSION") == 0;
  /* Some tools send VERSION with nothing on stdin; everything else needs the configuration. */
  if (too_large) {
    cni_fail(&undecodable, CNI_DECODE_FAILURE, "the network configuration on stdin is larger than %d MiB", MAX_STDIN / (1024 * 1024));
  } else if (!java_blank(buf_str(&text), text.len) || !is_version) {
    struct buf why = BUF_INIT;
    if (json_read_object(buf_str(&text), text.len, true, config, KEY_COUNT, &why) != 0) {
      cni_fail(&undecodable, CNI_DECODE_FAILURE, "the network configuration on stdin is not a JSON object");
      buf_add(&undecodable.details, why.p, why.len);
    } else if (config[KEY_CNI_VERSION].kind == '"') {
      error_version = buf_str(&config[KEY_CNI_VERSION].value);
      error_version_len = config[KEY_CNI_VERSION].value.len;
    }
    buf_free(&why);
  }
  if (command == NULL || command[0] == '\0') {
    cni_fail(error, CNI_INVALID_ENVIRONMENT, "CNI_COMMAND is not set (expected " COMMANDS ")");
    return 1;
  }
  if (!is_command(command)) {
    cni_fail(error, CNI_INVALID_ENVIRONMENT, "unknown CNI_COMMAND ");
    json_quote_str(&error->msg, command);
    buf_adds(&error->msg, " (expected " COMMANDS ")");
    return 1;
  }
  if (undecodable.code != 0) {
    *error = undecodable;
    return 1;
  }
  if (is_version) {
    version_answer(out, error_version, error_version_len);
    return 0;
  }
  if (check_version(&config[KEY_CNI_VERSION], error) != 0) {
    return 1;
  }
  struct cni_request request = {
      .command = command,
      .container_id = getenv("CNI_CONTAINERID"),
      .netns = getenv("CNI_NETNS"),
      .ifname = getenv("CNI_IFNAME"),
      .args = getenv("CNI_ARGS"),
      .path = getenv("CNI_PATH"),
      .text = buf_str(&text),
      .text_len = text.len,
      .config = config,
  };
  return forward(&request, out, error);
}

int main(void) {
  /* A runtime that stops reading our stdout must give a failed write, not kill us (the socket
     has MSG_NOSIGNAL). SIGPIPE is always a valid signal; the check is for form's sake. */
  if (signal(SIGPIPE, SIG_IGN) == SIG_ERR) {
    fprintf(stderr, "netagent-cni: cannot ignore SIGPIPE: %s\n", strerror(errno));
  }
  struct buf out = BUF_INIT;
  struct cni_error error = CNI_ERROR_INIT;
  int status = run(&out, &error);
  if (error.code != 0) {
    print_error(&error);
    return 1;
  }
  bool failed = false;
  write_all(STDOUT_FILENO, out.p, out.len, &failed);
  if (failed) {
    fprintf(stderr, "netagent-cni: cannot write the answer to stdout: %s\n", strerror(errno));
    return 1;
  }
  return status;
}
