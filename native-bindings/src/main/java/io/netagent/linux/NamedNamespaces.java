package io.netagent.linux;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Creates and deletes named network namespaces the way iproute2 does ({@code ip netns add/del}),
 * so that {@code ip netns} and {@code ip -n NAME} see them: an empty file under /run/netns with
 * the namespace bind-mounted on it, /run/netns itself a shared mount.
 */
public final class NamedNamespaces {
  private NamedNamespaces() {}

  /**
   * Creates namespace {@code name} under {@code dir}.
   *
   * @throws SystemCallException EEXIST when it exists; EPERM without CAP_SYS_ADMIN
   */
  public static void create(Path dir, String name) {
    Path file = dir.resolve(name);
    makeSharedMount(dir);
    try {
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      if (isBound(file)) {
        throw new SystemCallException("open", Errno.EEXIST, file.toString());
      }
      // An empty file with nothing bound on it: a creation cut short (by a crash, ours or
      // iproute2's). Bind onto it, as iproute2 would have.
    } catch (IOException e) {
      throw new SystemCallException("open", Errno.EIO, file + " (" + e.getMessage() + ")");
    }
    try {
      bindNewNamespace(file);
    } catch (RuntimeException e) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // The failure being reported matters more than a leftover empty file.
      }
      throw e;
    }
  }

  /**
   * Deletes namespace {@code name}: detaches its bind mount and removes the file. The namespace
   * itself goes when nothing else holds it (a process, an open file, a mount).
   *
   * @throws SystemCallException ENOENT when there is no such namespace
   */
  public static void delete(Path dir, String name) {
    Path file = dir.resolve(name);
    try {
      Syscalls.umount2(file.toString(), Syscalls.MNT_DETACH);
    } catch (SystemCallException e) {
      if (e.errno() != Errno.EINVAL) {
        throw e;
      }
      // EINVAL: not a mount point; remove the stale file all the same.
    }
    try {
      Files.delete(file);
    } catch (NoSuchFileException e) {
      throw new SystemCallException("unlink", Errno.ENOENT, file.toString());
    } catch (IOException e) {
      throw new SystemCallException("unlink", Errno.EIO, file + " (" + e.getMessage() + ")");
    }
  }

  /**
   * True when a namespace is bound on {@code file}: it is a mount point, on another device than
   * its directory. A plain empty file there is a namespace file whose creation was cut short.
   */
  public static boolean isBound(Path file) {
    try {
      return !Files.getAttribute(file, "unix:dev").equals(Files.getAttribute(file.getParent(), "unix:dev"));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Makes {@code dir} a shared mount (bound onto itself first if it is not a mount point), so
   * that namespace mounts made later propagate to mount namespaces created since, as iproute2's
   * netns_add does.
   */
  private static void makeSharedMount(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new SystemCallException("mkdir", Errno.EIO, dir + " (" + e.getMessage() + ")");
    }
    try {
      Syscalls.mount("", dir.toString(), "none", Syscalls.MS_SHARED | Syscalls.MS_REC);
    } catch (SystemCallException e) {
      if (e.errno() != Errno.EINVAL) {
        throw e;
      }
      Syscalls.mount(dir.toString(), dir.toString(), "none", Syscalls.MS_BIND | Syscalls.MS_REC);
      Syscalls.mount("", dir.toString(), "none", Syscalls.MS_SHARED | Syscalls.MS_REC);
    }
  }

  /** On a throwaway thread: a new namespace, bind-mounted on {@code file}; the thread then ends. */
  private static void bindNewNamespace(Path file) {
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        Syscalls.unshare(Syscalls.CLONE_NEWNET);
        Syscalls.mount("/proc/thread-self/ns/net", file.toString(), "none", Syscalls.MS_BIND);
      } catch (RuntimeException e) {
        failure.set(e);
      }
    }, "netns-create");
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating namespace at " + file, e);
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }
}
