package io.netagent.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One received netlink message: its header fields and its payload (everything after the
 * 16-byte nlmsghdr), copied out of the receive buffer.
 */
public record Message(int type, int flags, int seq, int pid, byte[] payload) {

  /** The payload in host byte order, positioned at 0. */
  public ByteBuffer buffer() {
    return ByteBuffer.wrap(payload).order(ByteOrder.nativeOrder());
  }

  /** The attributes that follow a fixed header of {@code headerSize} bytes. */
  public Attributes attributes(int headerSize) {
    return Attributes.parse(payload, Netlink.align(headerSize), payload.length);
  }

  /** Splits a received datagram of {@code length} bytes into its messages. */
  public static List<Message> parseAll(ByteBuffer datagram, int length) {
    ByteBuffer in = datagram.duplicate().order(ByteOrder.nativeOrder());
    List<Message> messages = new ArrayList<>();
    int offset = 0;
    while (offset + Netlink.HEADER_SIZE <= length) {
      int len = in.getInt(offset);
      if (len < Netlink.HEADER_SIZE || len > length - offset) {
        throw new MalformedMessageException("length " + len + " at offset " + offset + " of " + length);
      }
      byte[] payload = new byte[len - Netlink.HEADER_SIZE];
      in.get(offset + Netlink.HEADER_SIZE, payload);
      messages.add(new Message(in.getShort(offset + 4) & 0xffff, in.getShort(offset + 6) & 0xffff, in.getInt(offset + 8),
          in.getInt(offset + 12), payload));
      offset += Netlink.align(len);
    }
    return messages;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Message m && type == m.type && flags == m.flags && seq == m.seq && pid == m.pid
        && Arrays.equals(payload, m.payload);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * type + flags) + seq) + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "Message[type=" + type + ", flags=0x" + Integer.toHexString(flags) + ", seq=" + seq + ", " + payload.length + " bytes]";
  }
}
