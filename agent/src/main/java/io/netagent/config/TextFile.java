package io.netagent.config;

import io.netagent.error.NetagentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A text a user hands netagent (a configuration file, an attach request), read with bounds. Only
 * a regular file: opening a FIFO blocks until someone writes to it (a daemon reloading one would
 * hang), and a device such as /dev/zero never ends. At most {@code limit + 1} bytes are read, so
 * a text too large is told as such without being held in memory. UTF-8 only.
 */
public final class TextFile {
  private TextFile() {}

  /**
   * A text that could not be read, or is not one netagent takes: bad input, like an invalid
   * configuration. From {@code read}, the message says why without naming the file (the caller does).
   */
  public static final class UnreadableException extends NetagentException {
    private static final long serialVersionUID = 1L;

    public UnreadableException(String message) {
      super(message);
    }
  }

  /**
   * The text of {@code file} (a symbolic link is followed).
   *
   * @param what how a message names the limit, such as "a configuration file"
   * @throws UnreadableException when it is missing, not a regular file, larger than {@code limit}
   *     bytes, not UTF-8, or cannot be read
   */
  public static String read(Path file, int limit, String what) {
    int mode;
    try {
      mode = (Integer) Files.getAttribute(file, "unix:mode");
    } catch (NoSuchFileException e) {
      throw new UnreadableException("no such file");
    } catch (IOException e) {
      throw new UnreadableException("cannot be read: " + reason(e));
    }
    String kind = kind(mode);
    if (!kind.isEmpty()) {
      throw new UnreadableException("is " + kind + ", not a regular file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, limit, what);
    } catch (IOException e) {
      throw new UnreadableException("cannot be read: " + reason(e));
    }
  }

  /**
   * What {@code in} holds up to its end, as {@link #read(Path, int, String)} does.
   *
   * @throws IOException when reading fails
   */
  public static String read(InputStream in, int limit, String what) throws IOException {
    byte[] bytes = in.readNBytes(limit + 1);
    if (bytes.length > limit) {
      throw new UnreadableException("is larger than " + size(limit) + ", the limit for " + what);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new UnreadableException("is not UTF-8 text");
    }
  }

  /** What the file system said, without the file's name (which the caller gives). */
  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : String.valueOf(e.getMessage());
  }

  /** The kind of file the {@code st_mode} bits name, as stat(1) says it; empty for a regular file. */
  private static String kind(int mode) {
    return switch (mode & 0170000) {
      case 0100000 -> "";
      case 0040000 -> "a directory";
      case 0020000 -> "a character device";
      case 0060000 -> "a block device";
      case 0010000 -> "a FIFO";
      case 0140000 -> "a socket";
      default -> "of an unknown kind";
    };
  }

  private static String size(int bytes) {
    return bytes % (1 << 20) == 0 ? bytes / (1 << 20) + " MiB" : bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
  }
}
