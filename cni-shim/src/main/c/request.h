/**
 * One CNI call as the shim forwards it: the command, the CNI environment variables, and the
 * network configuration from stdin with the top-level keys the shim reads. request_body() is
 * the body of POST /cni:
 *
 *   {"command":"ADD|DEL|CHECK|STATUS|GC","containerId":...,"netns":...,"ifname":...,"args":...,
 *    "path":...,"config":{the stdin object, as it came}}
 *
 * Each environment value is a JSON string, or null when the variable is unset.
 */
#ifndef NETAGENT_CNI_REQUEST_H
#define NETAGENT_CNI_REQUEST_H

#include <stddef.h>

#include "buf.h"
#include "error.h"
#include "json.h"

#define DEFAULT_SOCKET "/run/netagent/netagent.sock"
#define DEFAULT_DATA_DIR "/var/lib/netagent"

/** The configuration's top-level keys the shim reads, as indexes into cni_request.config. */
enum { KEY_CNI_VERSION, KEY_NAME, KEY_SOCKET, KEY_DATA_DIR, KEY_COUNT };

struct cni_request {
  const char *command;
  /** CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME, CNI_ARGS, CNI_PATH; NULL when unset. */
  const char *container_id, *netns, *ifname, *args, *path;
  /** stdin, as it came. */
  const char *text;
  size_t text_len;
  /** What json_read_object found of the KEY_ keys. */
  struct json_member *config;
};

/** The members to hand json_read_object, in KEY_ order. */
void request_members(struct json_member members[KEY_COUNT]);

/**
 * A path setting: the configuration's string, else the fallback when the key is absent.
 *
 * @return the path, or NULL after setting error 7 (present but not a string, empty, or holding NUL)
 */
const char *request_path(const struct cni_request *r, int key, const char *fallback, struct cni_error *error);

/** The network's name, the configuration's `name` (a JSON string), or NULL (with *len 0). */
const char *request_network(const struct cni_request *r, size_t *len);

void request_body(const struct cni_request *r, struct buf *body);

#endif
