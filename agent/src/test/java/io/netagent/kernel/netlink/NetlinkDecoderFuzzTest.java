package io.netagent.kernel.netlink;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netagent.linux.netlink.MalformedMessageException;
import io.netagent.linux.netlink.Message;
import java.nio.ByteBuffer;

/**
 * The netlink decoder: any datagram is split into messages, and each is read as a link, an
 * address, a route, a neighbour and an FDB entry. Every input ends in records, in "not one of
 * netagent's" (empty), or in a {@link MalformedMessageException}, never another exception.
 */
class NetlinkDecoderFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void anyDatagramIsDecodedOrRefusedAsMalformed(byte[] datagram) {
    try {
      for (Message m : Message.parseAll(ByteBuffer.wrap(datagram), datagram.length)) {
        Dumps.link(m);
        Dumps.address(m);
        Dumps.route(m);
        Dumps.neighbour(m);
        Dumps.proxy(m);
        Dumps.fdbEntry(m);
      }
    } catch (MalformedMessageException refused) {
      // What a malformed message must end in.
    }
  }
}
