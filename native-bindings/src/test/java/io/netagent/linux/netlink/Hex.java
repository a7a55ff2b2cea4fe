package io.netagent.linux.netlink;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Golden-byte helpers: {@code hex("0800 0300")}, {@code ascii("br0")}, {@code concat(...)}, {@code dump(bytes)}. */
final class Hex {
  private Hex() {}

  /** Bytes from hex digits; whitespace is ignored so that fields can be grouped. */
  static byte[] hex(String digits) {
    return HexFormat.of().parseHex(digits.replaceAll("\\s", ""));
  }

  /** The ASCII bytes of {@code text}, without a NUL. */
  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Hex in groups of 4 bytes, so that a failed comparison points at the differing word. */
  static String dump(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < bytes.length; i++) {
      if (i > 0 && i % 4 == 0) {
        s.append(' ');
      }
      s.append(String.format("%02x", bytes[i] & 0xff));
    }
    return s.toString();
  }
}
