package io.netagent.kernel.netlink;

import io.netagent.model.NamespaceRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

  private static final long SETTLED_MILLIS = 1_000;

  private final Path dir;
  private final long hostInode;
  /** The records as last read while the directory had been still, and its modification time then (null: read again). */
  private Map<String, String[]> cached;
  private FileTime cachedModified;

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

  synchronized void forget(String name) {
    cached = null;
    try {
      Files.deleteIfExists(dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir.resolve(name), e);
    }
  }

  /**
   * The named namespaces netagent created from this host namespace that still exist: one stat
   * per record (the records themselves are read again only when the directory changed).
   */
  Set<NamespaceRef> owned() {
    Set<NamespaceRef> result = new HashSet<>();
    Map<Path, Object> parentDevices = new HashMap<>();
    records().forEach((name, fields) -> {
      if (fields.length != 2 || !fields[1].equals(String.valueOf(hostInode))) {
        return;
      }
      NamespaceRef.Named ref = new NamespaceRef.Named(name);
      Path file = ref.path();
      try {
        Map<String, Object> attributes = Files.readAttributes(file, "unix:ino,dev");
        Object parentDevice = parentDevices.computeIfAbsent(file.getParent(), NamespaceOwnership::device);
        // Bound (a mount of its own, as iproute2 makes it): not the directory's device.
        boolean bound = !attributes.get("dev").equals(parentDevice);
        if (bound && (fields[0].equals(PENDING) || fields[0].equals(String.valueOf(attributes.get("ino"))))) {
          result.add(ref);
        }
      } catch (IOException e) {
        // Gone: not (or no longer) a namespace netagent created.
      }
    });
    return result;
  }

  /** The records by namespace name, each split into its fields. */
  private synchronized Map<String, String[]> records() {
    FileTime modified;
    try {
      modified = Files.getLastModifiedTime(dir);
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
    if (cached != null && modified.equals(cachedModified)) {
      return cached;
    }
    long readAt = System.currentTimeMillis();
    Map<String, String[]> records = new HashMap<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.toList();
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    for (Path record : files) {
      String name = record.getFileName().toString();
      if (!name.startsWith(".")) {
        read(record).ifPresent(fields -> records.put(name, fields));
      }
    }
    // A change within the same clock tick as this read leaves the directory's time as it was
    // (tmpfs times are coarse): keep the records only for a directory that had been still.
    boolean settled = readAt - modified.toMillis() > SETTLED_MILLIS;
    cached = settled ? records : null;
    cachedModified = modified;
    return records;
  }

  private static Object device(Path dir) {
    try {
      return Files.getAttribute(dir, "unix:dev");
    } catch (IOException e) {
      return null;
    }
  }

  private static Optional<String[]> read(Path record) {
    try {
      return Optional.of(Files.readString(record).trim().split(" "));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private synchronized void write(String name, String content) {
    cached = null;
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
