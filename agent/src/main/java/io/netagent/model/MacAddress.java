package io.netagent.model;

import java.util.HexFormat;

/** A 48-bit Ethernet address, formatted as lower-case {@code aa:bb:cc:dd:ee:ff}. */
public record MacAddress(long bits) implements Comparable<MacAddress> {

  public MacAddress {
    if ((bits & ~0xffff_ffff_ffffL) != 0) {
      throw new IllegalArgumentException("a MAC address has 48 bits");
    }
  }

  /** Parses six colon-separated pairs of hex digits, in either case. */
  public static MacAddress parse(String text) {
    String[] parts = text.split(":", -1);
    boolean wellFormed = parts.length == 6;
    long bits = 0;
    for (int i = 0; wellFormed && i < 6; i++) {
      wellFormed = parts[i].length() == 2 && HexFormat.isHexDigit(parts[i].charAt(0)) && HexFormat.isHexDigit(parts[i].charAt(1));
      if (wellFormed) {
        bits = (bits << 8) | HexFormat.fromHexDigits(parts[i]);
      }
    }
    if (!wellFormed) {
      throw new ModelException("\"" + text + "\" is not a MAC address (expected six hex pairs like 02:42:0a:58:00:02)");
    }
    return new MacAddress(bits);
  }

  /**
   * The locally administered unicast address {@code 02:42:b2:b3:b4:b5} whose last four bytes are
   * the 32-bit {@code id}, the scheme of the container-networking model netagent implements.
   */
  public static MacAddress fromId(int id) {
    return new MacAddress(0x0242_0000_0000L | (id & 0xffff_ffffL));
  }

  /** The address from its 6 bytes. */
  public static MacAddress fromBytes(byte[] bytes) {
    if (bytes.length != 6) {
      throw new IllegalArgumentException("a MAC address has 6 bytes, not " + bytes.length);
    }
    long bits = 0;
    for (byte b : bytes) {
      bits = (bits << 8) | (b & 0xff);
    }
    return new MacAddress(bits);
  }

  public byte[] toBytes() {
    byte[] bytes = new byte[6];
    for (int i = 0; i < 6; i++) {
      bytes[i] = (byte) (bits >>> (40 - 8 * i));
    }
    return bytes;
  }

  /** The same address with the lowest bit of its last byte flipped: the container end of a pair. */
  public MacAddress withLowestBitFlipped() {
    return new MacAddress(bits ^ 1L);
  }

  /** True for group addresses (the I/G bit, lowest bit of the first byte), which no interface may take. */
  public boolean isMulticast() {
    return (bits & 0x0100_0000_0000L) != 0;
  }

  public boolean isZero() {
    return bits == 0;
  }

  @Override
  public int compareTo(MacAddress o) {
    return Long.compare(bits, o.bits);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(17);
    for (int i = 0; i < 6; i++) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(HexFormat.of().toHexDigits((byte) (bits >>> (40 - 8 * i))));
    }
    return sb.toString();
  }
}
