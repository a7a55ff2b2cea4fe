package io.netagent.linux.netlink;

import io.netagent.linux.Errno;

/**
 * A netlink message netagent cannot read: shorter than its header says or than the fixed header
 * its type has. The kernel never sends one; if it did, the read fails with this error (EPROTO)
 * like any other refusal, instead of an exception from the byte buffer.
 */
public final class MalformedMessageException extends NetlinkException {
  private static final long serialVersionUID = 1L;

  public MalformedMessageException(String what) {
    super(Errno.EPROTO.number(), "malformed netlink message: " + what);
  }
}
