package io.netagent.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.checkpoint.DurableFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * What the daemon acknowledged through its API, one file each under a directory of the data
 * directory ({@code attachments}, {@code networks}), so that a restarted daemon (after SIGKILL,
 * after a reboot) restores exactly them. A file is written to
 * a temporary name, flushed to disk, renamed over the final name and the directory flushed,
 * before the API answers: a crash at any point leaves the old file or the new one, never half of
 * one. A file that cannot be read back is moved aside (renamed {@code .corrupt}) and reported,
 * never silently dropped, and never keeps the others from loading.
 */
final class RecordStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUFFIX = ".json";
  /** The directory of the attachments under the data directory. */
  static final String DIRECTORY = "attachments";
  /** The directory of the networks declared through the API (CNI configurations that define theirs). */
  static final String NETWORKS = "networks";

  /**
   * One saved attachment.
   *
   * @param request the request body as the runtime sent it (compared with a retry's)
   * @param ip the address allocated to it, when the request named none
   * @param ip6 the IPv6 address allocated to it, when the request named none on a network with IPv6
   * @param created when it was made (ISO-8601): restored in this order
   */
  record Saved(String id, JsonNode request, Optional<String> ip, Optional<String> ip6, String created) {}

  /** A file that could not be used, and where it was moved. */
  record SetAside(Path file, Path movedTo, String why) {
    @Override
    public String toString() {
      return file + ": " + why + "; moved to " + movedTo;
    }
  }

  /** What {@link #load} found. */
  record Loaded(List<Saved> attachments, List<SetAside> setAside) {}

  private final Path dir;

  private RecordStore(Path dir) {
    this.dir = dir;
  }

  /** The attachments' store under {@code dataDir} (created, readable by root only, when missing). */
  static RecordStore open(Path dataDir) {
    return open(dataDir, DIRECTORY);
  }

  /** The store of {@code directory} under {@code dataDir} (created, readable by root only, when missing). */
  static RecordStore open(Path dataDir, String directory) {
    Path dir = dataDir.resolve(directory);
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        DurableFile.syncDirectory(dir.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    return new RecordStore(dir);
  }

  Path directory() {
    return dir;
  }

  /** Every saved attachment, oldest first, and the files set aside. */
  Loaded load() {
    List<SetAside> setAside = new ArrayList<>();
    List<Saved> saved = read((file, why) -> setAside.add(setAside(file, why)));
    return new Loaded(saved, setAside);
  }

  /** Every saved attachment that can be read, oldest first; changes nothing. */
  List<Saved> readable() {
    return read((file, why) -> {});
  }

  private List<Saved> read(BiConsumer<Path, String> unreadable) {
    List<Saved> saved = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : files) {
        try {
          saved.add(read(file));
        } catch (IOException | RuntimeException e) {
          unreadable.accept(file, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    saved.sort(Comparator.comparing(Saved::created).thenComparing(Saved::id));
    return saved;
  }

  /** Writes {@code attachment} durably: when this returns, it survives a crash or a power cut. */
  void save(Saved attachment) {
    save(attachment, "");
  }

  /** As {@link #save(Saved)}, to {@code ID.json} followed by {@code suffix} (a file {@link #load} skips when not empty). */
  void save(Saved attachment, String suffix) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", attachment.id());
    node.set("request", attachment.request());
    attachment.ip().ifPresent(ip -> node.put("ip", ip));
    attachment.ip6().ifPresent(ip6 -> node.put("ip6", ip6));
    node.put("created", attachment.created());
    Path file = dir.resolve(attachment.id() + SUFFIX + suffix);
    Path tmp = dir.resolve("." + attachment.id() + SUFFIX + ".tmp");
    try {
      DurableFile.write(file, tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save " + attachment.id() + " to " + file, e);
    }
  }

  /** Removes the attachment durably; removing one that is not saved does nothing. */
  void delete(String id) {
    try {
      if (Files.deleteIfExists(fileOf(id))) {
        DurableFile.syncDirectory(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + fileOf(id), e);
    }
  }

  private Path fileOf(String id) {
    return dir.resolve(id + SUFFIX);
  }

  private static Saved read(Path file) throws IOException {
    JsonNode node = JSON.readTree(file.toFile());
    if (node == null || !node.isObject()) {
      throw new IOException("not a JSON object");
    }
    String id = text(node, "id");
    String expected = file.getFileName().toString();
    if (!expected.equals(id + SUFFIX)) {
      throw new IOException("its id \"" + id + "\" does not match its name");
    }
    JsonNode request = node.get("request");
    if (request == null || !request.isObject()) {
      throw new IOException("no request object");
    }
    Optional<String> ip = node.hasNonNull("ip") ? Optional.of(text(node, "ip")) : Optional.empty();
    Optional<String> ip6 = node.hasNonNull("ip6") ? Optional.of(text(node, "ip6")) : Optional.empty();
    return new Saved(id, request, ip, ip6, text(node, "created"));
  }

  private static String text(JsonNode node, String key) throws IOException {
    JsonNode value = node.get(key);
    if (value == null || !value.isTextual()) {
      throw new IOException("no \"" + key + "\" string");
    }
    return value.asText();
  }

  private SetAside setAside(Path file, String why) {
    Path target = file.resolveSibling(file.getFileName() + ".corrupt");
    try {
      Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
      DurableFile.syncDirectory(dir);
    } catch (IOException e) {
      return new SetAside(file, file, why + " (and it could not be moved aside: " + e.getMessage() + ")");
    }
    return new SetAside(file, target, why);
  }
}
