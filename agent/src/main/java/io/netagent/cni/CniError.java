package io.netagent.cni;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A CNI error as the spec writes it: {@code {"cniVersion", "code", "msg", "details"}}, with the
 * well-known codes (containernetworking/cni SPEC.md, "Error"): 1–99 are the spec's, 100 and up
 * the plugin's own.
 */
public record CniError(int code, String msg, String details) {
  public static final int INCOMPATIBLE_VERSION = 1;
  public static final int UNSUPPORTED_FIELD = 2;
  public static final int UNKNOWN_CONTAINER = 3;
  public static final int INVALID_ENVIRONMENT = 4;
  public static final int IO_FAILURE = 5;
  public static final int DECODING_FAILURE = 6;
  public static final int INVALID_NETWORK_CONFIG = 7;
  public static final int TRY_AGAIN_LATER = 11;
  public static final int NOT_AVAILABLE = 50;
  public static final int LIMITED_CONNECTIVITY = 51;
  /** netagent's own: the request clashes with what is declared (a name, address or host port taken), or the kernel is in the way. */
  public static final int CONFLICT = 100;
  /** netagent's own: CHECK found the container's objects not as they should be. */
  public static final int DIFFERS = 101;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The error as the spec's JSON, for {@code cniVersion}. */
  public String json(String cniVersion) {
    ObjectNode node = JSON.createObjectNode();
    node.put("cniVersion", cniVersion);
    node.put("code", code);
    node.put("msg", msg);
    if (details != null && !details.isEmpty()) {
      node.put("details", details);
    }
    return node.toString();
  }
}
