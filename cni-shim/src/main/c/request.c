/**
 * One CNI call (request.h).
 */
#include "request.h"

#include <stdbool.h>
#include <string.h>

static const char *const KEYS[KEY_COUNT] = {"cniVersion", "name", "socket", "dataDir"};

void request_members(struct json_member members[KEY_COUNT]) {
  for (int i = 0; i < KEY_COUNT; i++) {
    members[i] = (struct json_member){KEYS[i], 0, BUF_INIT, false};
  }
}

const char *request_path(const struct cni_request *r, int key, const char *fallback, struct cni_error *error) {
  const struct json_member *m = &r->config[key];
  if (m->kind == 0) {
    return fallback;
  }
  if (m->kind != '"' || m->value.len == 0 || memchr(m->value.p, '\0', m->value.len) != NULL) {
    cni_fail(error, CNI_INVALID_CONFIG, "the network configuration's \"%s\" must be a path", m->key);
    return NULL;
  }
  return m->value.p;
}

const char *request_network(const struct cni_request *r, size_t *len) {
  const struct json_member *m = &r->config[KEY_NAME];
  *len = m->kind == '"' ? m->value.len : 0;
  return m->kind == '"' ? buf_str(&m->value) : NULL;
}

static bool json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void env(struct buf *body, const char *key, const char *value) {
  buf_addf(body, ",\"%s\":", key);
  json_quote_str(body, value);
}

void request_body(const struct cni_request *r, struct buf *body) {
  /* The configuration as it came, without the whitespace around it (String.strip: after the
     reader accepted it, only JSON whitespace can be there). */
  size_t start = 0, end = r->text_len;
  while (start < end && json_space(r->text[start])) {
    start++;
  }
  while (end > start && json_space(r->text[end - 1])) {
    end--;
  }
  buf_adds(body, "{\"command\":");
  json_quote_str(body, r->command);
  env(body, "containerId", r->container_id);
  env(body, "netns", r->netns);
  env(body, "ifname", r->ifname);
  env(body, "args", r->args);
  env(body, "path", r->path);
  buf_adds(body, ",\"config\":");
  buf_add(body, r->text + start, end - start);
  buf_addc(body, '}');
}
