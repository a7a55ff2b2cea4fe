package io.netagent.kernel.netlink;

import io.netagent.linux.netlink.IfInfoMsg;
import io.netagent.linux.netlink.Message;
import io.netagent.linux.netlink.NetlinkSocket;
import io.netagent.linux.netlink.Rtnetlink;
import io.netagent.model.InterfaceName;
import java.util.List;

/**
 * Whether a link passes packets yet. A veth end whose peer just came up has its carrier, but its
 * queueing discipline stays the no-op one, which drops every packet, until the kernel's link
 * watch runs (up to a second later); the same pass sets the operational state to UP
 * (docs/kernel-facts.md §12).
 */
final class OperState {
  private OperState() {}

  /** Whether {@code name}, in the namespace of {@code route}, is operationally up. */
  static boolean isUp(NetlinkSocket route, InterfaceName name) {
    List<Message> replies = route.call(Requests.getLink(name));
    return !replies.isEmpty()
        && replies.get(0).attributes(IfInfoMsg.SIZE).u8(Rtnetlink.IFLA_OPERSTATE).filter(s -> s == Rtnetlink.IF_OPER_UP).isPresent();
  }
}
