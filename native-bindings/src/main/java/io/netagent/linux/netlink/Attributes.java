package io.netagent.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A run of netlink attributes (TLVs) over a byte array, parsed once. Types are masked with
 * NLA_TYPE_MASK; when a type repeats, the getters return the first.
 */
public final class Attributes {
  private final byte[] data;
  private final List<int[]> entries;

  private Attributes(byte[] data, List<int[]> entries) {
    this.data = data;
    this.entries = entries;
  }

  /** Parses the attributes in {@code data[offset, end)}; a truncated trailing attribute is ignored. */
  public static Attributes parse(byte[] data, int offset, int end) {
    ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
    List<int[]> entries = new ArrayList<>();
    int at = offset;
    while (at + 4 <= end) {
      int len = in.getShort(at) & 0xffff;
      int type = in.getShort(at + 2) & Netlink.NLA_TYPE_MASK;
      if (len < 4 || at + len > end) {
        break;
      }
      entries.add(new int[] {type, at + 4, len - 4});
      at += Netlink.align(len);
    }
    return new Attributes(data, entries);
  }

  private Optional<int[]> find(int type) {
    return entries.stream().filter(e -> e[0] == type).findFirst();
  }

  /** Every NUL-terminated string attribute of {@code type}, in order (for repeated ones such as IFLA_ALT_IFNAME). */
  public List<String> strings(int type) {
    List<String> result = new ArrayList<>();
    for (int[] e : entries) {
      if (e[0] == type) {
        int len = e[2];
        while (len > 0 && data[e[1] + len - 1] == 0) {
          len--;
        }
        result.add(new String(data, e[1], len, StandardCharsets.UTF_8));
      }
    }
    return result;
  }

  public boolean has(int type) {
    return find(type).isPresent();
  }

  public Optional<byte[]> bytes(int type) {
    return find(type).map(e -> Arrays.copyOfRange(data, e[1], e[1] + e[2]));
  }

  /** A NUL-terminated string attribute, without its NUL. */
  public Optional<String> string(int type) {
    return find(type).map(e -> {
      int len = e[2];
      while (len > 0 && data[e[1] + len - 1] == 0) {
        len--;
      }
      return new String(data, e[1], len, StandardCharsets.UTF_8);
    });
  }

  public Optional<Integer> u8(int type) {
    return find(type).filter(e -> e[2] >= 1).map(e -> data[e[1]] & 0xff);
  }

  public Optional<Integer> u16(int type) {
    return find(type).filter(e -> e[2] >= 2).map(e -> ByteBuffer.wrap(data).order(ByteOrder.nativeOrder()).getShort(e[1]) & 0xffff);
  }

  public Optional<Integer> u32(int type) {
    return find(type).filter(e -> e[2] >= 4).map(e -> ByteBuffer.wrap(data).order(ByteOrder.nativeOrder()).getInt(e[1]));
  }

  /** A 32-bit unsigned attribute in network byte order, as nfnetlink sends its integers (docs/kernel-facts.md §1). */
  public Optional<Long> be32(int type) {
    return find(type).filter(e -> e[2] >= 4).map(e -> ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN).getInt(e[1]) & 0xffffffffL);
  }

  /** The attributes nested inside attribute {@code type}, after {@code skip} bytes of fixed header. */
  public Optional<Attributes> nested(int type, int skip) {
    return find(type).map(e -> parse(data, e[1] + Netlink.align(skip), e[1] + e[2]));
  }

  public Optional<Attributes> nested(int type) {
    return nested(type, 0);
  }

  /** The raw payload of attribute {@code type} as a host-order buffer over its bytes. */
  public Optional<ByteBuffer> buffer(int type) {
    return find(type).map(e -> ByteBuffer.wrap(data, e[1], e[2]).slice().order(ByteOrder.nativeOrder()));
  }
}
