package io.netagent.cni;

/**
 * What {@code POST /cni} answers: a 2xx with the CNI result (or nothing) for the plugin to print,
 * or an error status with the spec's error JSON, which the plugin prints too and exits 1.
 */
public record CniAnswer(int status, String body) {
  static CniAnswer ok(String body) {
    return new CniAnswer(200, body);
  }

  static CniAnswer failed(CniError error, String cniVersion) {
    return new CniAnswer(httpStatus(error.code()), error.json(cniVersion));
  }

  private static int httpStatus(int code) {
    return switch (code) {
      case CniError.UNKNOWN_CONTAINER -> 404;
      case CniError.CONFLICT, CniError.DIFFERS -> 409;
      case CniError.TRY_AGAIN_LATER, CniError.NOT_AVAILABLE, CniError.LIMITED_CONNECTIVITY -> 503;
      case CniError.IO_FAILURE -> 500;
      default -> 400;
    };
  }
}
