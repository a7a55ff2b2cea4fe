package io.netagent.model;

import java.util.Locale;
import java.util.Optional;

/**
 * An IPv6 address, held as its 128 bits (two longs, most significant first).
 *
 * <p>Parsing takes the text forms of RFC 4291 §2.2: eight groups of 1–4 hex digits, one {@code ::}
 * for a run of zero groups, and a dotted IPv4 tail ({@code ::ffff:192.0.2.1}); no zone
 * ({@code %eth0}), no brackets. {@link #toString()} is the canonical form of RFC 5952: lower
 * case, no leading zeros, the longest run of two or more zero groups (the first of equals)
 * written {@code ::}, and an IPv4-mapped address with its dotted tail.
 */
public record Ipv6Address(long high, long low) implements IpAddress, Comparable<Ipv6Address> {

  /** Parses an IPv6 address in any RFC 4291 text form. */
  public static Ipv6Address parse(String text) {
    String t = text;
    int[] groups = new int[8];
    int count = 0;
    int gap = -1;
    int dotted = t.lastIndexOf(':') >= 0 && t.indexOf('.') > t.lastIndexOf(':') ? t.lastIndexOf(':') + 1 : -1;
    String hexPart = dotted >= 0 ? t.substring(0, dotted) : t;
    if (t.isEmpty() || t.indexOf('%') >= 0 || t.indexOf('[') >= 0 || t.indexOf(':') < 0) {
      throw invalid(text, "expected hex groups separated by colons, such as fd00::1");
    }
    int at = 0;
    if (hexPart.startsWith("::")) {
      gap = 0;
      at = 2;
    } else if (hexPart.startsWith(":")) {
      throw invalid(text, "a single colon cannot start it");
    }
    while (at < hexPart.length()) {
      int end = hexPart.indexOf(':', at);
      if (end < 0) {
        end = hexPart.length();
      }
      String group = hexPart.substring(at, end);
      if (group.isEmpty() || group.length() > 4 || !group.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        throw invalid(text, "\"" + group + "\" is not a group of 1 to 4 hex digits");
      }
      if (count == 8) {
        throw invalid(text, "more than 8 groups");
      }
      groups[count++] = Integer.parseInt(group, 16);
      at = end + 1;
      if (end + 1 < hexPart.length() && hexPart.charAt(end + 1) == ':') {
        if (gap >= 0) {
          throw invalid(text, "\"::\" may appear only once");
        }
        gap = count;
        at = end + 2;
      } else if (end + 1 == hexPart.length() && dotted < 0) {
        throw invalid(text, "a single colon cannot end it");
      }
    }
    if (dotted >= 0) {
      if (count > 6) {
        throw invalid(text, "more than 8 groups");
      }
      Ipv4Address v4;
      try {
        v4 = Ipv4Address.parse(t.substring(dotted));
      } catch (ModelException e) {
        throw invalid(text, "its IPv4 tail is not a.b.c.d");
      }
      groups[count++] = v4.bits() >>> 16;
      groups[count++] = v4.bits() & 0xffff;
    }
    if (gap < 0 && count != 8) {
      throw invalid(text, "8 groups are needed without \"::\", not " + count);
    }
    if (gap >= 0 && count == 8) {
      throw invalid(text, "\"::\" stands for at least one zero group, but there are already 8");
    }
    int[] full = new int[8];
    int tail = count - Math.max(gap, 0);
    for (int i = 0; i < (gap < 0 ? count : gap); i++) {
      full[i] = groups[i];
    }
    for (int i = 0; gap >= 0 && i < tail; i++) {
      full[8 - tail + i] = groups[gap + i];
    }
    long high = 0;
    long low = 0;
    for (int i = 0; i < 4; i++) {
      high = (high << 16) | full[i];
      low = (low << 16) | full[i + 4];
    }
    return new Ipv6Address(high, low);
  }

  private static ModelException invalid(String text, String why) {
    return new ModelException("\"" + text + "\" is not an IPv6 address (" + why + ")");
  }

  /** The address from its 16 network-order bytes. */
  public static Ipv6Address fromBytes(byte[] bytes) {
    if (bytes.length != 16) {
      throw new IllegalArgumentException("an IPv6 address has 16 bytes, not " + bytes.length);
    }
    long high = 0;
    long low = 0;
    for (int i = 0; i < 8; i++) {
      high = (high << 8) | (bytes[i] & 0xff);
      low = (low << 8) | (bytes[i + 8] & 0xff);
    }
    return new Ipv6Address(high, low);
  }

  /** The 16 network-order bytes, as netlink carries them. */
  public byte[] toBytes() {
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (high >>> (56 - 8 * i));
      bytes[i + 8] = (byte) (low >>> (56 - 8 * i));
    }
    return bytes;
  }

  /** The address {@code offset} further on, wrapping at 2^128. */
  public Ipv6Address plus(long offset) {
    long next = low + offset;
    long carry = 0;
    if (offset > 0 && Long.compareUnsigned(next, low) < 0) {
      carry = 1;
    } else if (offset < 0 && Long.compareUnsigned(next, low) > 0) {
      carry = -1;
    }
    return new Ipv6Address(high + carry, next);
  }

  /** Group {@code i} (0–7) of the eight 16-bit groups. */
  int group(int i) {
    return (int) ((i < 4 ? high >>> (48 - 16 * i) : low >>> (48 - 16 * (i - 4))) & 0xffff);
  }

  @Override
  public IpFamily family() {
    return IpFamily.IPV6;
  }

  public boolean isLoopback() {
    return high == 0 && low == 1;
  }

  @Override
  public boolean isUnspecified() {
    return high == 0 && low == 0;
  }

  /** fe80::/10. */
  public boolean isLinkLocal() {
    return (high >>> 54) == 0x3fa;
  }

  /** ff00::/8. */
  public boolean isMulticast() {
    return (high >>> 56) == 0xff;
  }

  /** ::ffff:0:0/96, an IPv4 address as IPv6 sockets see it. */
  public boolean isIpv4Mapped() {
    return high == 0 && (low >>> 32) == 0xffffL;
  }

  /**
   * What makes this address unfit to be a container's, a gateway's or a host's service address,
   * in words that complete "ADDRESS is ...", or empty for a unicast address of global or unique
   * local scope.
   */
  public Optional<String> specialUse() {
    if (isUnspecified()) {
      return Optional.of("the unspecified address");
    }
    if (isLoopback()) {
      return Optional.of("the loopback address");
    }
    if (isLinkLocal()) {
      return Optional.of("link-local (fe80::/10)");
    }
    if (isMulticast()) {
      return Optional.of("multicast (ff00::/8)");
    }
    if (isIpv4Mapped()) {
      return Optional.of("IPv4-mapped (::ffff:0:0/96)");
    }
    return Optional.empty();
  }

  @Override
  public int compareTo(Ipv6Address o) {
    int c = Long.compareUnsigned(high, o.high);
    return c != 0 ? c : Long.compareUnsigned(low, o.low);
  }

  @Override
  public String toString() {
    if (isIpv4Mapped()) {
      return "::ffff:" + new Ipv4Address((int) low);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; i++) {
      int j = i;
      while (j < 8 && group(j) == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = Math.max(i, j);
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLength - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(group(i)).toLowerCase(Locale.ROOT));
    }
    return sb.toString();
  }
}
