package io.netagent.model;


/**
 * An IPv4 address, held as its 32 bits.
 *
 * <p>Parsing is strict dotted-quad: four decimal parts 0–255 without leading zeros, because
 * {@code inet_aton} would read {@code 010} as octal and users rarely mean that.
 */
public record Ipv4Address(int bits) implements IpAddress, Comparable<Ipv4Address> {

  /** Parses {@code a.b.c.d}. */
  public static Ipv4Address parse(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new ModelException("\"" + text + "\" is not an IPv4 address (expected a.b.c.d)");
    }
    int bits = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new ModelException("\"" + text + "\" is not an IPv4 address (expected a.b.c.d)");
      }
      if (part.length() > 1 && part.charAt(0) == '0') {
        throw new ModelException("\"" + text + "\" is not an IPv4 address (leading zeros are not allowed: inet_aton would read them as octal)");
      }
      int value = Integer.parseInt(part);
      if (value > 255) {
        throw new ModelException("\"" + text + "\" is not an IPv4 address (" + part + " is above 255)");
      }
      bits = (bits << 8) | value;
    }
    return new Ipv4Address(bits);
  }

  /** The address from its 4 network-order bytes. */
  public static Ipv4Address fromBytes(byte[] bytes) {
    if (bytes.length != 4) {
      throw new IllegalArgumentException("an IPv4 address has 4 bytes, not " + bytes.length);
    }
    return new Ipv4Address(((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff));
  }

  /** The 4 network-order bytes, as netlink carries them. */
  public byte[] toBytes() {
    return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
  }

  /** The address {@code offset} further on, wrapping at 2^32. */
  public Ipv4Address plus(int offset) {
    return new Ipv4Address(bits + offset);
  }

  @Override
  public IpFamily family() {
    return IpFamily.IPV4;
  }

  public boolean isLoopback() {
    return (bits >>> 24) == 127;
  }

  @Override
  public boolean isUnspecified() {
    return bits == 0;
  }

  @Override
  public int compareTo(Ipv4Address o) {
    return Integer.compareUnsigned(bits, o.bits);
  }

  @Override
  public String toString() {
    return (bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
  }
}
