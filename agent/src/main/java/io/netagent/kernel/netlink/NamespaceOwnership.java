package io.netagent.kernel.netlink;

import io.netagent.linux.NamedNamespaces;
import io.netagent.linux.NamespaceThread;
import io.netagent.model.NamespaceRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The record of the named namespaces netagent created, kept under the state directory because
 * a namespace carries no mark of its own: one file per namespace, holding the inode of the
 * namespace and of the host namespace netagent ran in.
 *
 * <p>A record counts only while the namespace still has that inode (a namespace deleted and
 * created again by someone else is not netagent's), and only for the host namespace it was made
 * in (two hosts on one machine, as in tests, never take each other's namespaces). A record is
 * written before the namespace is created ("pending"), so that a crash in between never leaves
 * a namespace netagent made but does not know.
 */
final class NamespaceOwnership {
  private static final String PENDING = "pending";

  private final Path dir;
  private final long hostInode;

  NamespaceOwnership(Path stateDir, long hostInode) {
    this.dir = stateDir.resolve("namespaces");
    this.hostInode = hostInode;
  }

  /** Records, before creating it, that netagent is creating namespace {@code name}. */
  void pending(String name) {
    write(name, PENDING + " " + hostInode);
  }

  /** Records the inode of the namespace netagent has just created. */
  void created(String name, long inode) {
    write(name, inode + " " + hostInode);
  }

  void forget(String name) {
    try {
      Files.deleteIfExists(dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir.resolve(name), e);
    }
  }

  /** The named namespaces netagent created from this host namespace that still exist. */
  Set<NamespaceRef> owned() {
    Set<NamespaceRef> result = new HashSet<>();
    List<Path> records;
    try (Stream<Path> files = Files.list(dir)) {
      records = files.toList();
    } catch (NoSuchFileException e) {
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    for (Path record : records) {
      String name = record.getFileName().toString();
      if (name.startsWith(".")) {
        continue;
      }
      NamespaceRef.Named ref = new NamespaceRef.Named(name);
      read(record).filter(fields -> fields.length == 2 && fields[1].equals(String.valueOf(hostInode)))
          .filter(fields -> fields[0].equals(PENDING) || inodeOf(ref).filter(i -> fields[0].equals(String.valueOf(i))).isPresent())
          .filter(fields -> NamedNamespaces.isBound(ref.path()))
          .ifPresent(fields -> result.add(ref));
    }
    return result;
  }

  private static Optional<Long> inodeOf(NamespaceRef.Named ref) {
    try {
      return Optional.of(NamespaceThread.inodeOfFile(ref.path()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String[]> read(Path record) {
    try {
      return Optional.of(Files.readString(record).trim().split(" "));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private void write(String name, String content) {
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve("." + name + ".tmp");
      Files.writeString(tmp, content + "\n");
      Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record namespace " + name + " in " + dir, e);
    }
  }
}
