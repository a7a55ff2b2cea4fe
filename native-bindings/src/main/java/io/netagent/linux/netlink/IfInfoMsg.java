package io.netagent.linux.netlink;

import java.nio.ByteBuffer;

/**
 * The fixed header of link messages.
 *
 * <pre>
 * struct ifinfomsg { unsigned char ifi_family; unsigned char __pad; unsigned short ifi_type;
 *                    int ifi_index; unsigned ifi_flags; unsigned ifi_change; };   // 16 bytes
 * </pre>
 */
public record IfInfoMsg(int family, int type, int index, int flags, int change) {
  public static final int SIZE = 16;

  /** A header addressing link {@code index} (0: by IFLA_IFNAME) and changing nothing in its flags. */
  public static IfInfoMsg of(int index) {
    return new IfInfoMsg(Rtnetlink.AF_UNSPEC, 0, index, 0, 0);
  }

  public MessageBuilder write(MessageBuilder m) {
    return m.u8(family).u8(0).u16(type).u32(index).u32(flags).u32(change);
  }

  public static IfInfoMsg read(ByteBuffer b) {
    Netlink.requireHeader(b, SIZE, "ifinfomsg");
    return new IfInfoMsg(b.get(0) & 0xff, b.getShort(2) & 0xffff, b.getInt(4), b.getInt(8), b.getInt(12));
  }
}
