package io.netagent.linux.netlink;

import static io.netagent.linux.netlink.Hex.concat;
import static io.netagent.linux.netlink.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Trace events on golden bytes, laid out as net/netfilter/nf_tables_trace.c writes them (big-endian integers, a pad before the u64). */
class NfTraceTest {
  /** ip netagent portmap: rule 7 (verdict accept), id a1eb99a8, arriving on ifindex 5, with a 20-byte IPv4 header. */
  static final byte[] RULE_EVENT = concat(
      hex("7c000000 110a 0000 00000000 00000000"),
      hex("02 00 0000"),
      hex("0d00 0100 6e657461 67656e74 00000000"),
      hex("0c00 0200 706f7274 6d617000"),
      hex("0400 1100"),
      hex("0c00 0300 00000000 00000007"),
      hex("0800 0400 00000003"),
      hex("0c00 0580 0800 0100 00000001"),
      hex("0800 0600 a1eb99a8"),
      hex("1800 0800 45000028 00010000 40060000 cb00710a 0a3d0001"),
      hex("0800 0a00 00000005"));

  /** The same packet meeting the forward chain's policy (NFTA_TRACE_POLICY accept), no rule handle, no headers. */
  static final byte[] POLICY_EVENT = concat(
      hex("54000000 110a 0000 00000000 00000000"),
      hex("02 00 0000"),
      hex("0d00 0100 6e657461 67656e74 00000000"),
      hex("0c00 0200 666f7277 61726400"),
      hex("0800 0400 00000001"),
      hex("0800 0600 a1eb99a8"),
      hex("0800 1000 00000001"),
      hex("0c00 0580 0800 0100 ffffffff"));

  private static Message message(byte[] datagram) {
    List<Message> messages = Message.parseAll(ByteBuffer.wrap(datagram), datagram.length);
    assertThat(messages).hasSize(1);
    return messages.get(0);
  }

  @Test
  void aRuleEventCarriesTableChainHandleVerdictAndThePacket() {
    Message m = message(RULE_EVENT);
    assertThat(NfTrace.isTrace(m)).isTrue();

    NfTrace event = NfTrace.read(m);

    assertThat(event.id()).isEqualTo(0xa1eb99a8);
    assertThat(event.family()).isEqualTo(2);
    assertThat(event.table()).isEqualTo("netagent");
    assertThat(event.chain()).isEqualTo("portmap");
    assertThat(event.type()).isEqualTo(NfTrace.NFT_TRACETYPE_RULE);
    assertThat(event.ruleHandle()).contains(7L);
    assertThat(event.verdict()).contains(NfTrace.NF_ACCEPT);
    assertThat(event.iif()).contains(5);
    assertThat(event.oif()).isEmpty();
    assertThat(event.networkHeader()).hasValueSatisfying(h -> assertThat(h).hasSize(20).startsWith(0x45));
  }

  @Test
  void aPolicyEventHasNoRuleButThePolicy() {
    NfTrace event = NfTrace.read(message(POLICY_EVENT));

    assertThat(event.type()).isEqualTo(NfTrace.NFT_TRACETYPE_POLICY);
    assertThat(event.chain()).isEqualTo("forward");
    assertThat(event.ruleHandle()).isEmpty();
    assertThat(event.policy()).contains(NfTrace.NF_ACCEPT);
    assertThat(event.verdict()).contains(NfTrace.NFT_CONTINUE);
    assertThat(event.networkHeader()).isEmpty();
  }

  @Test
  void anEventWithoutItsChainIsMalformed() {
    Message m = new Message(NfTrace.messageType(), 0, 0, 0, concat(hex("02 00 0000"), hex("0800 0600 a1eb99a8"), hex("0800 0400 00000003"),
        hex("0d00 0100 6e657461 67656e74 00000000")));

    assertThatThrownBy(() -> NfTrace.read(m)).isInstanceOf(MalformedMessageException.class).hasMessageContaining("chain");
    assertThat(NfTrace.isTrace(new Message(Rtnetlink.RTM_GETROUTE, 0, 0, 0, new byte[0]))).isFalse();
    assertThat(Optional.of(NfTrace.messageType())).contains(0x0a11);
  }
}
