package io.netagent.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that a crash or a power cut at any point leaves the old content or the new,
 * never half of one: a temporary file beside it, flushed to disk, renamed over it, and the
 * directory flushed (so that the rename itself survives). Records that must survive the process
 * (the attachments, the checkpoint) are written this way.
 */
public final class DurableFile {
  private DurableFile() {}

  /** Replaces {@code file} with {@code bytes} durably, through {@code tmp} (in the same directory). */
  public static void write(Path file, Path tmp, byte[] bytes) throws IOException {
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      out.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(file.getParent());
  }

  /** Flushes a directory, so that a rename or unlink in it survives a crash. */
  public static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
