/**
 * The DEL spool (spool.h): the Java shim's DelSpool, with the same names, content and modes.
 */
#define _GNU_SOURCE
#include "spool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "sha256.h"

void spool_file_name(struct buf *name, const char *network, size_t network_len, const char *container_id, const char *ifname) {
  static const char hex[] = "0123456789abcdef";
  struct buf key = BUF_INIT;
  buf_addc(&key, '[');
  if (network == NULL) {
    buf_adds(&key, "null");
  } else {
    json_quote(&key, network, network_len);
  }
  buf_addc(&key, ',');
  json_quote_str(&key, container_id);
  buf_addc(&key, ',');
  json_quote_str(&key, ifname);
  buf_addc(&key, ']');
  uint8_t digest[SHA256_BYTES];
  sha256(key.p, key.len, digest);
  for (int i = 0; i < SHA256_BYTES; i++) {
    buf_addc(name, hex[digest[i] >> 4]);
    buf_addc(name, hex[digest[i] & 0xF]);
  }
  buf_adds(name, ".json");
  buf_free(&key);
}

/** Appends the path with repeated and trailing slashes removed, as Java's Path.of made it. */
static void normalized(struct buf *out, const char *path) {
  size_t start = out->len;
  for (const char *p = path; *p != '\0'; p++) {
    if (*p != '/' || out->len == start || out->p[out->len - 1] != '/') {
      buf_addc(out, *p);
    }
  }
  if (out->len > start + 1 && out->p[out->len - 1] == '/') {
    out->p[--out->len] = '\0';
  }
}

/** Why it failed, for the error's details: "WHAT PATH: strerror". */
static int cause(struct buf *why, const char *what, const char *path) {
  buf_addf(why, "%s %s: %s", what, path, strerror(errno));
  return -1;
}

/** mkdir -p with mode 0777 (less the umask), as Files.createDirectories. */
static int make_parents(char *path, struct buf *why) {
  struct stat st;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
    return 0;
  }
  for (char *p = path + 1;; p++) {
    if (*p != '/' && *p != '\0') {
      continue;
    }
    char saved = *p;
    *p = '\0';
    int result = 0;
    if (mkdir(path, 0777) != 0) {
      if (errno != EEXIST || stat(path, &st) != 0) {
        result = cause(why, "cannot create the directory", path);
      } else if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        result = cause(why, "cannot create the directory", path);
      }
    }
    *p = saved;
    if (result != 0 || saved == '\0') {
      return result;
    }
  }
}

/** The spool directory (and the data directory) when missing: only root may read the records. */
static int make_directory(const char *dir, struct buf *parent, struct buf *why) {
  struct stat st;
  if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
    return 0;
  }
  if (make_parents(parent->p, why) != 0) {
    return -1;
  }
  if (mkdir(dir, 0700) != 0) {
    /* Made meanwhile by another DEL: it set the mode. */
    return errno == EEXIST ? 0 : cause(why, "cannot create the directory", dir);
  }
  /* mkdir applies the umask, and one such as 0277 would take the owner's own bits. */
  return chmod(dir, 0700) == 0 ? 0 : cause(why, "cannot set the mode of", dir);
}

static int write_file(const char *tmp, const char *body, size_t body_len, struct buf *why) {
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    return cause(why, "cannot create", tmp);
  }
  /* open applies the umask too. */
  if (fchmod(fd, 0600) != 0) {
    cause(why, "cannot set the mode of", tmp);
    close(fd);
    return -1;
  }
  while (body_len > 0) {
    ssize_t n = write(fd, body, body_len);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      cause(why, "cannot write", tmp);
      close(fd);
      return -1;
    }
    body += n;
    body_len -= (size_t)n;
  }
  if (fsync(fd) != 0) {
    cause(why, "cannot flush", tmp);
    close(fd);
    return -1;
  }
  /* close may report a deferred write error (NFS); EINTR leaves the descriptor closed on Linux. */
  if (close(fd) != 0 && errno != EINTR) {
    return cause(why, "cannot write", tmp);
  }
  return 0;
}

static int sync_directory(const char *dir, struct buf *why) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return cause(why, "cannot open", dir);
  }
  int result = fsync(fd) == 0 ? 0 : cause(why, "cannot flush", dir);
  close(fd);
  return result;
}

int spool_record(const struct cni_request *request, const char *socket, const char *body, size_t body_len, struct buf *file,
                 struct cni_error *error) {
  const char *data_dir = request_path(request, KEY_DATA_DIR, DEFAULT_DATA_DIR, error);
  if (data_dir == NULL) {
    return -1;
  }
  if (request->config[KEY_DATA_DIR].lone_surrogate) {
    return cni_fail(error, CNI_INVALID_CONFIG, "the network configuration's \"dataDir\" is not a path: %s", data_dir);
  }
  struct buf parent = BUF_INIT, dir = BUF_INIT, name = BUF_INIT, tmp = BUF_INIT, why = BUF_INIT;
  normalized(&parent, data_dir);
  buf_adds(&dir, parent.p);
  if (parent.p[parent.len - 1] != '/') {
    buf_addc(&dir, '/');
  }
  buf_adds(&dir, SPOOL_DIRECTORY);
  size_t network_len;
  const char *network = request_network(request, &network_len);
  spool_file_name(&name, network, network_len, request->container_id, request->ifname);
  buf_clear(file);
  buf_addf(file, "%s/%s", dir.p, name.p);
  buf_addf(&tmp, "%s/.%s.%ld.tmp", dir.p, name.p, (long)getpid());
  int result = 0;
  if (make_directory(dir.p, &parent, &why) != 0 || write_file(tmp.p, body, body_len, &why) != 0) {
    result = -1;
  } else if (rename(tmp.p, file->p) != 0) {
    result = cause(&why, "cannot rename to", file->p);
  } else {
    result = sync_directory(dir.p, &why);
  }
  if (result != 0) {
    /* A leftover temporary file would be ignored by the daemon, but it is litter. */
    unlink(tmp.p);
    cni_fail(error, CNI_IO_FAILURE,
             "the netagent daemon is not running (no socket at %s), and the DEL could not be recorded in %s for it to do later", socket, dir.p);
    buf_add(&error->details, why.p, why.len);
  }
  buf_free(&parent);
  buf_free(&dir);
  buf_free(&name);
  buf_free(&tmp);
  buf_free(&why);
  return result;
}
