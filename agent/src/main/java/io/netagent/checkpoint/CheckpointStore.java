package io.netagent.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The checkpoint, durable: one file, {@code checkpoint/checkpoint.json} under the data directory
 * ({@code $NETAGENT_DATA_DIR}, default /var/lib/netagent, which outlives a reboot, unlike the
 * state directory). It is replaced whole and atomically ({@link DurableFile}), so a crash leaves
 * the record before a step or after it: a confirm makes the change the confirmed one and
 * removes it from pending in one replacement. Each step reads, changes and writes under an
 * exclusive lock (fcntl, on {@code checkpoint/lock}), so a confirm and a waiter's deadline never
 * both win.
 */
public final class CheckpointStore {
  /** The directory under the data directory. */
  static final String DIRECTORY = "checkpoint";
  private static final String FILE = "checkpoint.json";

  private final Path dir;

  private CheckpointStore(Path dir) {
    this.dir = dir;
  }

  /** The store under {@code dataDir}; its directory is made (readable by root only) at the first write. */
  public static CheckpointStore at(Path dataDir) {
    return new CheckpointStore(dataDir.resolve(DIRECTORY));
  }

  /** The record's file. */
  public Path file() {
    return dir.resolve(FILE);
  }

  /**
   * What is recorded; {@link Checkpoint#NONE} when nothing ever was.
   *
   * @throws CheckpointException when the record is damaged, naming the file, what is wrong and what to do
   */
  public Checkpoint read() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file());
    } catch (NoSuchFileException e) {
      return Checkpoint.NONE;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the checkpoint " + file(), e);
    }
    try {
      return CheckpointJson.read(bytes);
    } catch (IOException e) {
      throw new CheckpointException("the checkpoint " + file() + " is damaged: " + e.getMessage() + "; netagent cannot tell what a "
          + "rollback would return to. Look at it, then move it aside (mv " + file() + " " + file() + ".damaged): the next "
          + "netagent apply records a new one");
    }
  }

  /** {@link Checkpoint#statusLine} of the record, or a line saying why it cannot be read. */
  public Optional<String> statusLine() {
    try {
      return read().statusLine();
    } catch (RuntimeException e) {
      return Optional.of("checkpoint: " + e.getMessage());
    }
  }

  /**
   * Reads the record, changes it and writes the result durably, all under the store's lock.
   *
   * @return what was written
   * @throws CheckpointException from {@code change} (nothing is written then) or a damaged record
   */
  public synchronized Checkpoint update(UnaryOperator<Checkpoint> change) {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        DurableFile.syncDirectory(dir.getParent());
      }
      try (FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock held = channel.lock()) {
        Checkpoint next = change.apply(read());
        DurableFile.write(file(), dir.resolve("." + FILE + ".tmp"), CheckpointJson.write(next));
        return next;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the checkpoint " + file(), e);
    }
  }
}
