package io.netagent.linux.netlink;

import java.nio.ByteBuffer;

/**
 * The fixed header of neighbour (and bridge FDB) messages.
 *
 * <pre>
 * struct ndmsg { __u8 ndm_family; __u8 ndm_pad1; __u16 ndm_pad2; __s32 ndm_ifindex;
 *                __u16 ndm_state; __u8 ndm_flags; __u8 ndm_type; };   // 12 bytes
 * </pre>
 */
public record NdMsg(int family, int index, int state, int flags, int type) {
  public static final int SIZE = 12;

  public MessageBuilder write(MessageBuilder m) {
    return m.u8(family).u8(0).u16(0).u32(index).u16(state).u8(flags).u8(type);
  }

  public static NdMsg read(ByteBuffer b) {
    Netlink.requireHeader(b, SIZE, "ndmsg");
    return new NdMsg(b.get(0) & 0xff, b.getInt(4), b.getShort(8) & 0xffff, b.get(10) & 0xff, b.get(11) & 0xff);
  }
}
