package io.netagent.cni;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DELs the plugin executable recorded while the daemon was down ({@code DATA/cni-del/*.json},
 * each the body it would have sent): a runtime must never be left with a pod it cannot remove,
 * so the plugin answered success and the daemon carries them out when it is back, as Cilium
 * does. A record is deleted once its DEL was answered, whatever the answer (DEL is idempotent).
 */
public final class CniSpool {
  private static final Logger LOG = LoggerFactory.getLogger(CniSpool.class);
  /** The directory under the data directory, shared with the plugin executable. */
  public static final String DIRECTORY = "cni-del";

  private CniSpool() {}

  /** Carries out every recorded DEL through {@code cni}; returns how many. Waits for each answer. */
  public static int drain(Path dataDir, CniService cni) {
    Path dir = dataDir.resolve(DIRECTORY);
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    List<Path> records = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      // The plugin writes a record under a dot-name first and renames it: only finished ones count.
      files.forEach(f -> {
        if (!f.getFileName().toString().startsWith(".")) {
          records.add(f);
        }
      });
    } catch (IOException e) {
      LOG.error("cannot list the recorded CNI DELs in {}: {}", dir, e.getMessage());
      return 0;
    }
    int done = 0;
    for (Path record : records) {
      try {
        CniAnswer answer = cni.handle(Files.readString(record, StandardCharsets.UTF_8)).get(5, TimeUnit.MINUTES);
        LOG.info("carried out the CNI DEL recorded in {} while the daemon was down: {}", record.getFileName(),
            answer.status() / 100 == 2 ? "done" : answer.body());
        Files.delete(record);
        done++;
      } catch (IOException | RuntimeException | ExecutionException | TimeoutException e) {
        LOG.error("cannot carry out the CNI DEL recorded in {}: {}; it stays for the next start", record, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return done;
      }
    }
    return done;
  }
}
