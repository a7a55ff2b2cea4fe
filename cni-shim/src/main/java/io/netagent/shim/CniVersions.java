package io.netagent.shim;

/** The CNI specification versions the shim (and the daemon behind it) speak, and the VERSION answer. */
final class CniVersions {
  /** What an error carries when the request named no version. */
  static final String LATEST = "1.1.0";

  private static final String[] SUPPORTED = {"0.4.0", "1.0.0", "1.1.0"};

  private CniVersions() {}

  static boolean supported(String version) {
    for (String s : SUPPORTED) {
      if (s.equals(version)) {
        return true;
      }
    }
    return false;
  }

  static String list() {
    return String.join(", ", SUPPORTED);
  }

  /**
   * The answer to VERSION: the version the runtime gave (it reads the answer in that version's
   * terms), or the latest when it gave none, and the supported versions.
   */
  static String answer(String requested) {
    StringBuilder sb = new StringBuilder(96).append("{\"cniVersion\":");
    Json.quote(sb, requested == null ? LATEST : requested).append(",\"supportedVersions\":[");
    for (int i = 0; i < SUPPORTED.length; i++) {
      Json.quote(i == 0 ? sb : sb.append(','), SUPPORTED[i]);
    }
    return sb.append("]}\n").toString();
  }
}
