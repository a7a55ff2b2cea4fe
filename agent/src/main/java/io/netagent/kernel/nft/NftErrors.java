package io.netagent.kernel.nft;

import io.netagent.linux.Errno;

/**
 * libnftables reports failures only as text (its JSON errors carry no position or errno, 1.0.6);
 * this is the one place that reads that text.
 */
public final class NftErrors {
  private NftErrors() {}

  /** The errno behind a libnftables error text: the strerror text it quotes, or EINVAL. */
  public static Errno errno(String text) {
    for (Errno e : new Errno[] {Errno.ENOENT, Errno.EEXIST, Errno.EPERM, Errno.EBUSY, Errno.ENOMEM, Errno.EOPNOTSUPP, Errno.EACCES}) {
      if (text.contains(e.description())) {
        return e;
      }
    }
    return Errno.EINVAL;
  }

  /** True when listing or deleting failed because the table does not exist. */
  public static boolean isNoSuchTable(String text) {
    return errno(text) == Errno.ENOENT;
  }
}
