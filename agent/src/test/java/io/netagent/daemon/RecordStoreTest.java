package io.netagent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attachments saved one file each, read back in the order they were made, unusable files set aside. */
class RecordStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static RecordStore.Saved saved(String id, String created) throws Exception {
    return new RecordStore.Saved(id, JSON.readTree("{\"id\": \"" + id + "\", \"network\": \"n\"}"), Optional.of("10.0.0.2"), Optional.empty(),
        created);
  }

  @Test
  void whatIsSavedIsReadBackOldestFirstAndDeletedForGood() throws Exception {
    RecordStore store = RecordStore.open(dir);
    store.save(saved("b", "2026-01-02T00:00:00Z"));
    store.save(saved("a", "2026-01-03T00:00:00Z"));
    store.save(saved("c", "2026-01-01T00:00:00Z"));
    store.delete("a");
    store.delete("never-saved");

    RecordStore.Loaded loaded = RecordStore.open(dir).load();

    assertThat(loaded.attachments()).containsExactly(saved("c", "2026-01-01T00:00:00Z"), saved("b", "2026-01-02T00:00:00Z"));
    assertThat(loaded.setAside()).isEmpty();
    assertThat(Files.list(store.directory())).as("no temporary file left").allMatch(p -> p.getFileName().toString().endsWith(".json"));
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(store.directory()))).isEqualTo("rwx------");
  }

  @Test
  void unusableFilesAreSetAsideByNameAndTheOthersStillLoad() throws Exception {
    RecordStore store = RecordStore.open(dir);
    store.save(saved("good", "2026-01-01T00:00:00Z"));
    Files.writeString(store.directory().resolve("truncated.json"), "{\"id\": \"trunc");
    Files.writeString(store.directory().resolve("renamed.json"), JSON.writeValueAsString(JSON.createObjectNode().put("id", "other")
        .put("created", "x").set("request", JSON.createObjectNode())));
    Files.writeString(store.directory().resolve(".half.json.tmp"), "{");

    RecordStore.Loaded loaded = store.load();

    assertThat(loaded.attachments()).extracting(RecordStore.Saved::id).containsExactly("good");
    assertThat(loaded.setAside()).extracting(s -> s.file().getFileName().toString()).containsExactlyInAnyOrder("truncated.json", "renamed.json");
    assertThat(loaded.setAside()).anySatisfy(s -> assertThat(s.why()).contains("does not match its name"));
    assertThat(store.directory().resolve("truncated.json.corrupt")).exists();
    assertThat(store.load().setAside()).as("set aside once").isEmpty();
  }

  @Test
  void anAllocatedIp6IsSavedBesideTheIp() throws Exception {
    RecordStore store = RecordStore.open(dir);
    RecordStore.Saved dual = new RecordStore.Saved("d", JSON.readTree("{\"id\": \"d\", \"network\": \"n\"}"), Optional.of("10.0.0.2"),
        Optional.of("fd00::2"), "2026-01-01T00:00:00Z");
    store.save(dual);

    assertThat(store.load().attachments()).containsExactly(dual);
    assertThat(Files.readString(store.directory().resolve("d.json"))).contains("\"ip6\" : \"fd00::2\"");
  }
}
