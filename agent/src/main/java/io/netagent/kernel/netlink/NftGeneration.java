package io.netagent.kernel.netlink;

import io.netagent.linux.netlink.Message;
import io.netagent.linux.netlink.MessageBuilder;
import io.netagent.linux.netlink.NetlinkSocket;
import io.netagent.observed.NatRuleset;
import java.util.Optional;

/**
 * The nftables ruleset generation of a namespace (NFT_MSG_GETGEN): a counter the kernel moves by
 * one on every committed nftables transaction, of any table, by anyone (docs/kernel-facts.md §5.6).
 * It lets a reader know that the table netagent last wrote is still what the kernel holds, without
 * listing it (a listing of a thousand published ports takes tens of milliseconds).
 */
final class NftGeneration {
  private static final int NFNL_SUBSYS_NFTABLES = 10;
  private static final int NFT_MSG_NEWGEN = 15;
  private static final int NFT_MSG_GETGEN = 16;
  private static final int NFTA_GEN_ID = 1;
  private static final int NFGENMSG_SIZE = 4;

  private NftGeneration() {}

  /**
   * What netagent's own transaction left: the generation it committed and the table it wrote
   * (empty when it deleted it).
   */
  record Written(long generation, Optional<NatRuleset> table) {}

  /** The namespace's current generation. */
  static long of(NetlinkSocket netfilter) {
    // nfgenmsg { u8 family = AF_UNSPEC, u8 version = 0, be16 res_id = 0 }
    MessageBuilder request = new MessageBuilder((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETGEN, 0).u8(0).u8(0).u16(0);
    for (Message reply : netfilter.call(request)) {
      if (reply.type() == ((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWGEN)) {
        Optional<Long> id = reply.attributes(NFGENMSG_SIZE).be32(NFTA_GEN_ID);
        if (id.isPresent()) {
          return id.get();
        }
      }
    }
    throw new IllegalStateException("NFT_MSG_GETGEN was answered without NFTA_GEN_ID");
  }

  /**
   * Runs {@code transaction} (one libnftables transaction that leaves {@code table}) and says
   * what it left, when it is certain: exactly one commit happened between the generations read
   * before and after it, which can only be this one.
   */
  static Optional<Written> around(NetlinkSocket netfilter, Runnable transaction, Optional<NatRuleset> table) {
    long before = of(netfilter);
    transaction.run();
    long after = of(netfilter);
    return after == ((before + 1) & 0xffffffffL) ? Optional.of(new Written(after, table)) : Optional.empty();
  }
}
