package io.netagent.shim;

/**
 * A CNI error: printed on stdout as {@code {"cniVersion", "code", "msg", "details"}} and the
 * plugin exits with 1 (CNI spec, "Error"). Codes 1–99 are the spec's well-known ones; 100 and
 * up are the plugin's own.
 */
final class CniError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static final int INCOMPATIBLE_VERSION = 1;
  static final int INVALID_ENVIRONMENT = 4;
  static final int IO_FAILURE = 5;
  static final int DECODE_FAILURE = 6;
  static final int INVALID_CONFIG = 7;
  static final int TRY_AGAIN_LATER = 11;
  /** STATUS only (spec 1.1): the plugin cannot serve ADD now. */
  static final int NOT_AVAILABLE = 50;
  /** A bug in the shim itself. */
  static final int INTERNAL = 100;

  private final int code;
  private final String details;

  CniError(int code, String msg, String details) {
    // No stack trace: it is never shown, and filling one costs start-up time.
    super(msg, null, false, false);
    this.code = code;
    this.details = details;
  }

  CniError(int code, String msg) {
    this(code, msg, null);
  }

  int code() {
    return code;
  }

  /** The error object, on one line, ending with a newline. */
  String json(String cniVersion) {
    StringBuilder sb = new StringBuilder(128).append("{\"cniVersion\":");
    Json.quote(sb, cniVersion).append(",\"code\":").append(code).append(",\"msg\":");
    Json.quote(sb, getMessage());
    if (details != null && !details.isEmpty()) {
      Json.quote(sb.append(",\"details\":"), details);
    }
    return sb.append("}\n").toString();
  }
}
