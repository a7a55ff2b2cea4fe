package io.netagent.kernel.netlink;

import io.netagent.linux.Errno;
import io.netagent.linux.SystemCallException;
import io.netagent.model.NamespaceRef;
import java.nio.file.Path;

/**
 * A namespace does not exist, or went away while netagent used it: ENOENT, naming the namespace
 * and its file. An operation in it is refused with this; a read shows the namespace as absent.
 */
final class NamespaceGoneException extends SystemCallException {
  private static final long serialVersionUID = 1L;

  NamespaceGoneException(NamespaceRef ns, Path file) {
    super("open", Errno.ENOENT, "namespace " + ns.display() + " (" + file + ")");
  }
}
