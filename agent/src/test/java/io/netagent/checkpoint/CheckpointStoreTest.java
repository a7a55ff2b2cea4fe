package io.netagent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointStoreTest {
  @TempDir
  Path data;

  @Test
  void nothingRecordedReadsAsNone() {
    assertThat(CheckpointStore.at(data).read()).isEqualTo(Checkpoint.NONE);
    assertThat(data.resolve("checkpoint")).doesNotExist();
  }

  @Test
  void whatIsWrittenReadsBackTheSameInARootOnlyDirectoryWithNoTemporaryFileLeft() throws IOException {
    CheckpointStore store = CheckpointStore.at(data);
    Checkpoint written = store.update(c -> c.withConfirmed(CheckpointTest.config("/etc/old.yaml", CheckpointTest.T0))
        .begin(CheckpointTest.pending(CheckpointTest.T1)));
    assertThat(CheckpointStore.at(data).read()).isEqualTo(written);
    Checkpoint rolledBack = store.update(c -> c.rollingBack().rolledBack(CheckpointTest.T2, "netagent rollback"));
    assertThat(CheckpointStore.at(data).read()).isEqualTo(rolledBack);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("checkpoint")))).isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(data.resolve("checkpoint"))) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted()).containsExactly("checkpoint.json", "lock");
    }
  }

  @Test
  void aRefusedStepWritesNothing() {
    CheckpointStore store = CheckpointStore.at(data);
    Checkpoint before = store.update(c -> c.withConfirmed(CheckpointTest.config("/etc/old.yaml", CheckpointTest.T0)));
    assertThatThrownBy(() -> store.update(c -> c.confirm(CheckpointTest.T2, "netagent confirm"))).isInstanceOf(CheckpointException.class);
    assertThat(store.read()).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{\"confirmed\": {\"source\": \"/etc/a.yaml\", \"at\": \"2026-12-04T10:00:00Z\", \"te", "[1, 2]"})
  void aTruncatedOrForeignRecordIsDamagedAndSaysWhatToDo(String content) throws IOException {
    Path file = write(content);
    assertThatThrownBy(() -> CheckpointStore.at(data).read()).isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith("the checkpoint " + file + " is damaged: ")
        .hasMessageEndingWith("netagent cannot tell what a rollback would return to. Look at it, then move it aside (mv " + file + " "
            + file + ".damaged): the next netagent apply records a new one");
  }

  @Test
  void aDamagedRecordNamesTheField() throws IOException {
    assertThatThrownBy(() -> {
      write("{\"confirmed\": {\"source\": \"/etc/a.yaml\", \"at\": \"yesterday\", \"text\": \"\"}}");
      CheckpointStore.at(data).read();
    }).hasMessageContaining("is damaged: confirmed.at is not a time (\"yesterday\");");
    assertThatThrownBy(() -> {
      write("{\"pending\": {\"change\": {\"source\": \"/a\", \"at\": \"2026-12-04T10:00:00Z\", \"text\": \"\"}, "
          + "\"deadline\": \"2026-12-04T10:00:00Z\", \"origin\": \"apply\", \"state\": \"waiting\", \"waiter\": {\"pid\": \"x\"}}}");
      CheckpointStore.at(data).read();
    }).hasMessageContaining("is damaged: pending.waiter.pid is not a number;");
    assertThatThrownBy(() -> {
      write("{\"last\": {\"confirmed\": \"yes\"}}");
      CheckpointStore.at(data).read();
    }).hasMessageContaining("is damaged: last.confirmed is not true or false;");
  }

  @Test
  void aDamagedRecordIsNeverOverwrittenByAStep() throws IOException {
    Path file = write("{not json");
    assertThatThrownBy(() -> CheckpointStore.at(data).update(c -> c)).isInstanceOf(CheckpointException.class);
    assertThat(Files.readAllLines(file)).isEqualTo(List.of("{not json"));
  }

  private Path write(String content) throws IOException {
    Path file = data.resolve("checkpoint/checkpoint.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }
}
