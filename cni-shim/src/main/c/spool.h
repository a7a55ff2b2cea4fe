/**
 * The DELs the daemon was not there to take. A runtime whose DEL fails retries it and may keep
 * the pod stuck, so while the daemon is down the shim records the DEL and answers success; the
 * daemon carries the records out when it starts (the agent's cni.CniSpool).
 *
 * Format, shared with the daemon: one file per (network, container, interface),
 * DATADIR/cni-del/SHA256.json, where SHA256 is the lower-case hex SHA-256 of the UTF-8 JSON
 * array ["NETWORK","CONTAINERID","IFNAME"] (each a JSON string, or null when unknown; written
 * without spaces). Its content is exactly the body the shim would have sent as POST /cni
 * (request.h). A later DEL of the same triple replaces the file. The file is written under a
 * temporary name (.SHA256.json.PID.tmp), flushed, renamed, and the directory flushed; readers
 * take only names ending in .json that do not start with a dot. The directory is made with mode
 * 0700, the files 0600, whatever the umask.
 */
#ifndef NETAGENT_CNI_SPOOL_H
#define NETAGENT_CNI_SPOOL_H

#include <stddef.h>

#include "buf.h"
#include "error.h"
#include "request.h"

#define SPOOL_DIRECTORY "cni-del"

/** The record's file name: SHA256.json. */
void spool_file_name(struct buf *name, const char *network, size_t network_len, const char *container_id, const char *ifname);

/**
 * Records the DEL whose body is given; the daemon was absent at `socket`.
 *
 * @return 0 with the record's path in *file, or -1 with error 7 (the configuration's dataDir is
 *     no path) or 5 (it could not be written) in *error
 */
int spool_record(const struct cni_request *request, const char *socket, const char *body, size_t body_len, struct buf *file,
                 struct cni_error *error);

#endif
