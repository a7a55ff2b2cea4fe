package io.netagent.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A 32-bit id derived from the names that identify an object (network, container), so that
 * generated MACs and interface names are the same on every run and after every restart.
 */
public final class StableId {
  private StableId() {}

  /** The first 32 bits of SHA-256 over the parts joined by '/'. */
  public static int of(String... parts) {
    byte[] digest = sha256(String.join("/", parts));
    return ((digest[0] & 0xff) << 24) | ((digest[1] & 0xff) << 16) | ((digest[2] & 0xff) << 8) | (digest[3] & 0xff);
  }

  /** The first {@code length} lower-case hex digits of SHA-256 over the parts joined by '/'. */
  public static String hex(int length, String... parts) {
    byte[] digest = sha256(String.join("/", parts));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; sb.length() < length; i++) {
      sb.append(String.format("%02x", digest[i] & 0xff));
    }
    return sb.substring(0, length);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
