package io.netagent.linux.netlink;

import java.nio.ByteBuffer;

/**
 * The fixed header of address messages.
 *
 * <pre>
 * struct ifaddrmsg { __u8 ifa_family; __u8 ifa_prefixlen; __u8 ifa_flags; __u8 ifa_scope; __u32 ifa_index; };   // 8 bytes
 * </pre>
 */
public record IfAddrMsg(int family, int prefixLength, int flags, int scope, int index) {
  public static final int SIZE = 8;

  public MessageBuilder write(MessageBuilder m) {
    return m.u8(family).u8(prefixLength).u8(flags).u8(scope).u32(index);
  }

  public static IfAddrMsg read(ByteBuffer b) {
    Netlink.requireHeader(b, SIZE, "ifaddrmsg");
    return new IfAddrMsg(b.get(0) & 0xff, b.get(1) & 0xff, b.get(2) & 0xff, b.get(3) & 0xff, b.getInt(4));
  }
}
