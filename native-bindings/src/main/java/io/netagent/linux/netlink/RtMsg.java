package io.netagent.linux.netlink;

import java.nio.ByteBuffer;

/**
 * The fixed header of route messages.
 *
 * <pre>
 * struct rtmsg { unsigned char rtm_family, rtm_dst_len, rtm_src_len, rtm_tos;
 *                unsigned char rtm_table, rtm_protocol, rtm_scope, rtm_type; unsigned rtm_flags; };   // 12 bytes
 * </pre>
 */
public record RtMsg(int family, int dstLength, int srcLength, int tos, int table, int protocol, int scope, int type, int flags) {
  public static final int SIZE = 12;

  public MessageBuilder write(MessageBuilder m) {
    return m.u8(family).u8(dstLength).u8(srcLength).u8(tos).u8(table).u8(protocol).u8(scope).u8(type).u32(flags);
  }

  public static RtMsg read(ByteBuffer b) {
    Netlink.requireHeader(b, SIZE, "rtmsg");
    return new RtMsg(b.get(0) & 0xff, b.get(1) & 0xff, b.get(2) & 0xff, b.get(3) & 0xff, b.get(4) & 0xff, b.get(5) & 0xff,
        b.get(6) & 0xff, b.get(7) & 0xff, b.getInt(8));
  }
}
