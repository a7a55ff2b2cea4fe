package io.netagent.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Builds one netlink request: the 16-byte nlmsghdr, a fixed family header, then attributes,
 * possibly nested. Integers are written in host order as rtnetlink expects; address bytes are
 * written as given (network order).
 *
 * <pre>
 * struct nlmsghdr { __u32 nlmsg_len; __u16 nlmsg_type; __u16 nlmsg_flags; __u32 nlmsg_seq; __u32 nlmsg_pid; };
 * struct nlattr   { __u16 nla_len;   __u16 nla_type;  };   payload padded to 4 bytes
 * </pre>
 */
public final class MessageBuilder {
  private ByteBuffer buffer = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
  private final Deque<Integer> nests = new ArrayDeque<>();

  /** A request of {@code type} with {@code flags}; the socket adds REQUEST, ACK or DUMP, seq and pid. */
  public MessageBuilder(int type, int flags) {
    buffer.putInt(0).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);
  }

  private void ensure(int more) {
    if (buffer.remaining() < more) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more)).order(ByteOrder.nativeOrder());
      buffer.flip();
      bigger.put(buffer);
      buffer = bigger;
    }
  }

  public MessageBuilder u8(int value) {
    ensure(1);
    buffer.put((byte) value);
    return this;
  }

  public MessageBuilder u16(int value) {
    ensure(2);
    buffer.putShort((short) value);
    return this;
  }

  public MessageBuilder u32(int value) {
    ensure(4);
    buffer.putInt(value);
    return this;
  }

  public MessageBuilder bytes(byte[] value) {
    ensure(value.length);
    buffer.put(value);
    return this;
  }

  /** Zero bytes up to the next 4-byte boundary. */
  public MessageBuilder pad() {
    int padding = Netlink.align(buffer.position()) - buffer.position();
    ensure(padding);
    buffer.put(new byte[padding]);
    return this;
  }

  /** An attribute, aligned to 4 first (so it may follow a fixed header of any size). */
  public MessageBuilder attr(int type, byte[] payload) {
    if (4 + payload.length > 0xffff) {
      throw new IllegalArgumentException("attribute of " + payload.length + " bytes does not fit nla_len");
    }
    pad();
    ensure(4 + payload.length + 3);
    buffer.putShort((short) (4 + payload.length)).putShort((short) type).put(payload);
    return pad();
  }

  public MessageBuilder attrU8(int type, int value) {
    return attr(type, new byte[] {(byte) value});
  }

  public MessageBuilder attrU16(int type, int value) {
    return attr(type, ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort((short) value).array());
  }

  public MessageBuilder attrU32(int type, int value) {
    return attr(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
  }

  /** A NUL-terminated string; the NUL counts in nla_len. */
  public MessageBuilder attrString(int type, String value) {
    byte[] text = value.getBytes(StandardCharsets.UTF_8);
    return attr(type, Arrays.copyOf(text, text.length + 1));
  }

  /** Opens a nested attribute (NLA_F_NESTED set); close it with {@link #end()}. */
  public MessageBuilder begin(int type) {
    pad();
    nests.push(buffer.position());
    ensure(4);
    buffer.putShort((short) 0).putShort((short) (type | Netlink.NLA_F_NESTED));
    return this;
  }

  /**
   * Opens an attribute whose payload is raw (such as VETH_INFO_PEER, which starts with an
   * ifinfomsg), without NLA_F_NESTED; close it with {@link #end()}.
   */
  public MessageBuilder beginRaw(int type) {
    pad();
    nests.push(buffer.position());
    ensure(4);
    buffer.putShort((short) 0).putShort((short) type);
    return this;
  }

  /** Closes the innermost open attribute, fixing its length to cover its children. */
  public MessageBuilder end() {
    int start = nests.pop();
    if (buffer.position() - start > 0xffff) {
      throw new IllegalArgumentException("nested attribute of " + (buffer.position() - start) + " bytes does not fit nla_len");
    }
    buffer.putShort(start, (short) (buffer.position() - start));
    return pad();
  }

  /** The finished message with its length, flags, sequence number and port id filled in. */
  public byte[] build(int extraFlags, int seq, int pid) {
    if (!nests.isEmpty()) {
      throw new IllegalStateException("unclosed nested attribute");
    }
    byte[] bytes = Arrays.copyOf(buffer.array(), buffer.position());
    ByteBuffer out = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    out.putInt(0, bytes.length);
    out.putShort(6, (short) (out.getShort(6) | extraFlags));
    out.putInt(8, seq);
    out.putInt(12, pid);
    return bytes;
  }

  /** The message type, for error messages. */
  public int type() {
    return buffer.getShort(4) & 0xffff;
  }
}
