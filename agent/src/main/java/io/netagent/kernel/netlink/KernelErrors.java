package io.netagent.kernel.netlink;

import io.netagent.kernel.KernelException;
import io.netagent.kernel.nft.NftErrors;
import io.netagent.linux.SystemCallException;
import io.netagent.linux.netlink.NetlinkException;

/** A refusal from below (netlink, a system call, libnftables) as the kernel error of what was attempted. */
final class KernelErrors {
  private KernelErrors() {}

  /** @param what the attempt, as its {@code ip}/{@code nft} equivalent, or "observe" */
  static KernelException refused(String what, RuntimeException e) {
    if (e instanceof NetlinkException n) {
      return new KernelException(what, n.errno(), n.kernelMessage());
    }
    if (e instanceof SystemCallException s) {
      return new KernelException(what, s.errno(), s.getMessage());
    }
    return new KernelException(what, NftErrors.errno(e.getMessage()), e.getMessage());
  }
}
