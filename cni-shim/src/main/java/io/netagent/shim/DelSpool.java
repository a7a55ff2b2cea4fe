package io.netagent.shim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The DELs the daemon was not there to take. A runtime whose DEL fails retries it and may keep
 * the pod stuck, so while the daemon is down the shim records the DEL and answers success; the
 * daemon carries the records out when it starts.
 *
 * <p>Format: one file per (network, container, interface),
 * {@code DATADIR/cni-del/SHA256.json}, where SHA256 is the lower-case hex SHA-256 of the UTF-8
 * JSON array {@code ["NETWORK","CONTAINERID","IFNAME"]} (each a JSON string, or null when
 * unknown; written without spaces). Its content is exactly the body the shim would have sent as
 * {@code POST /cni} (see {@link CniRequest}). A later DEL of the same triple replaces the file.
 * The file is written under a temporary name ({@code .SHA256.json.PID.tmp}), flushed, renamed,
 * and the directory flushed; readers take only names ending in {@code .json} that do not start
 * with a dot. The directory is made with mode 0700, the files 0600.
 */
final class DelSpool {
  static final String DIRECTORY = "cni-del";

  private DelSpool() {}

  /** Records the request and returns its file. */
  static Path record(CniRequest request, String body) {
    String dataDir = request.dataDir();
    Path dir;
    try {
      dir = Path.of(dataDir, DIRECTORY);
    } catch (InvalidPathException e) {
      throw new CniError(CniError.INVALID_CONFIG, "the network configuration's \"dataDir\" is not a path: " + dataDir);
    }
    String name = fileName(request.network(), request.containerId(), request.ifname());
    Path file = dir.resolve(name);
    Path tmp = dir.resolve("." + name + "." + ProcessHandle.current().pid() + ".tmp");
    try {
      directory(dir);
      try (FileChannel out = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING), PosixFilePermissions.asFileAttribute(Set.of(PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE)))) {
        ByteBuffer bytes = ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
        out.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
        directory.force(true);
      }
      return file;
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException cleanup) {
        // The failure below is what matters; a leftover .tmp file is ignored by readers.
      }
      throw new CniError(CniError.IO_FAILURE, "the netagent daemon is not running (no socket at " + request.socket()
          + "), and the DEL could not be recorded in " + dir + " for it to do later", String.valueOf(e));
    }
  }

  static String fileName(String network, String containerId, String ifname) {
    StringBuilder key = new StringBuilder().append('[');
    Json.quote(key, network).append(',');
    Json.quote(key, containerId).append(',');
    Json.quote(key, ifname).append(']');
    try {
      return Json.hex(MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8))) + ".json";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Makes the directory (and the data directory) when missing; the spool itself only root may read. */
  private static void directory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Files.createDirectories(dir.getParent());
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException raced) {
      return;
    }
    // mkdir applies the umask, and one such as 0277 would take the owner's own bits.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
  }
}
