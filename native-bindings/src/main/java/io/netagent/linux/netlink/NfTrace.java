package io.netagent.linux.netlink;

import java.util.Optional;

/**
 * nftables' trace events (NFT_MSG_TRACE), which the kernel multicasts to NFNLGRP_NFTRACE for
 * every rule, policy and return a packet marked {@code meta nftrace set 1} meets, as
 * {@code nft monitor trace} prints them. Integers are big-endian, as everywhere in nfnetlink
 * (docs/kernel-facts.md §1). From include/uapi/linux/netfilter/nf_tables.h and nfnetlink.h:
 *
 * <pre>
 * struct nfgenmsg { __u8 nfgen_family; __u8 version; __be16 res_id; };                 // 4 bytes
 * enum nft_trace_attributes { NFTA_TRACE_UNSPEC, NFTA_TRACE_TABLE (string), NFTA_TRACE_CHAIN (string),
 *   NFTA_TRACE_RULE_HANDLE (be64), NFTA_TRACE_TYPE (be32: nft_trace_types), NFTA_TRACE_VERDICT (nested: nft_verdict_attributes),
 *   NFTA_TRACE_ID (be32), NFTA_TRACE_LL_HEADER, NFTA_TRACE_NETWORK_HEADER, NFTA_TRACE_TRANSPORT_HEADER (binary),
 *   NFTA_TRACE_IIF (be32), NFTA_TRACE_IIFTYPE (be16), NFTA_TRACE_OIF (be32), NFTA_TRACE_OIFTYPE (be16),
 *   NFTA_TRACE_MARK (be32), NFTA_TRACE_NFPROTO (be32), NFTA_TRACE_POLICY (be32), NFTA_TRACE_PAD };
 * enum nft_trace_types { NFT_TRACETYPE_UNSPEC, NFT_TRACETYPE_POLICY, NFT_TRACETYPE_RETURN, NFT_TRACETYPE_RULE };
 * enum nft_verdict_attributes { NFTA_VERDICT_UNSPEC, NFTA_VERDICT_CODE (be32, signed), NFTA_VERDICT_CHAIN (string), ... };
 * </pre>
 *
 * The headers and interfaces come with the first event of each hook a packet passes (the kernel
 * dumps the packet once per base chain invocation), not with every event.
 */
public record NfTrace(int id, int type, int family, String table, String chain, Optional<Long> ruleHandle, Optional<Integer> verdict,
    Optional<String> jumpTarget, Optional<Integer> policy, Optional<Integer> iif, Optional<Integer> oif, Optional<byte[]> networkHeader,
    Optional<byte[]> transportHeader) {

  public static final int NFNL_SUBSYS_NFTABLES = 10;
  public static final int NFT_MSG_TRACE = 17;
  /** The multicast group of trace events. */
  public static final int NFNLGRP_NFTRACE = 9;

  public static final int NFTA_TRACE_TABLE = 1;
  public static final int NFTA_TRACE_CHAIN = 2;
  public static final int NFTA_TRACE_RULE_HANDLE = 3;
  public static final int NFTA_TRACE_TYPE = 4;
  public static final int NFTA_TRACE_VERDICT = 5;
  public static final int NFTA_TRACE_ID = 6;
  public static final int NFTA_TRACE_NETWORK_HEADER = 8;
  public static final int NFTA_TRACE_TRANSPORT_HEADER = 9;
  public static final int NFTA_TRACE_IIF = 10;
  public static final int NFTA_TRACE_OIF = 12;
  public static final int NFTA_TRACE_POLICY = 16;
  public static final int NFTA_VERDICT_CODE = 1;
  public static final int NFTA_VERDICT_CHAIN = 2;

  public static final int NFT_TRACETYPE_POLICY = 1;
  public static final int NFT_TRACETYPE_RETURN = 2;
  public static final int NFT_TRACETYPE_RULE = 3;

  /** Verdicts (include/uapi/linux/netfilter.h, nf_tables.h). */
  public static final int NF_DROP = 0;
  public static final int NF_ACCEPT = 1;
  public static final int NFT_CONTINUE = -1;
  public static final int NFT_BREAK = -2;
  public static final int NFT_JUMP = -3;
  public static final int NFT_GOTO = -4;
  public static final int NFT_RETURN = -5;

  public static final int NFGENMSG_SIZE = 4;

  /** The message type of a trace event. */
  public static int messageType() {
    return (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_TRACE;
  }

  /** Whether {@code m} is a trace event. */
  public static boolean isTrace(Message m) {
    return m.type() == messageType();
  }

  /**
   * Decodes a trace event.
   *
   * @throws MalformedMessageException when it lacks its id, type, table or chain
   */
  public static NfTrace read(Message m) {
    if (m.payload().length < NFGENMSG_SIZE) {
      throw new MalformedMessageException("trace event shorter than its nfgenmsg");
    }
    int family = m.payload()[0] & 0xff;
    Attributes a = m.attributes(NFGENMSG_SIZE);
    Optional<Attributes> verdict = a.nested(NFTA_TRACE_VERDICT);
    return new NfTrace(be32(a, NFTA_TRACE_ID).orElseThrow(() -> missing("id")), be32(a, NFTA_TRACE_TYPE).orElseThrow(() -> missing("type")),
        family, a.string(NFTA_TRACE_TABLE).orElseThrow(() -> missing("table")), a.string(NFTA_TRACE_CHAIN).orElseThrow(() -> missing("chain")),
        a.bytes(NFTA_TRACE_RULE_HANDLE).filter(b -> b.length == 8).map(NfTrace::bigEndian),
        verdict.flatMap(v -> be32(v, NFTA_VERDICT_CODE)), verdict.flatMap(v -> v.string(NFTA_VERDICT_CHAIN)),
        be32(a, NFTA_TRACE_POLICY), be32(a, NFTA_TRACE_IIF), be32(a, NFTA_TRACE_OIF), a.bytes(NFTA_TRACE_NETWORK_HEADER),
        a.bytes(NFTA_TRACE_TRANSPORT_HEADER));
  }

  private static MalformedMessageException missing(String what) {
    return new MalformedMessageException("trace event without its " + what);
  }

  private static Optional<Integer> be32(Attributes a, int type) {
    return a.be32(type).map(Long::intValue);
  }

  private static long bigEndian(byte[] bytes) {
    long value = 0;
    for (byte b : bytes) {
      value = (value << 8) | (b & 0xff);
    }
    return value;
  }
}
