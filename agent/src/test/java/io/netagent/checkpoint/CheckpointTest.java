package io.netagent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netagent.model.DesiredState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The steps of a change: begun, then confirmed or rolled back, and what each refuses. */
class CheckpointTest {
  static final String CONFIG = """
      networks:
        - { name: lab, bridge: br-lab, subnet: 10.88.0.0/24, gateway: 10.88.0.1 }
      containers: []
      """;
  static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
  static final Instant T1 = Instant.parse("2026-12-04T10:05:00Z");
  static final Instant T2 = Instant.parse("2026-12-04T10:06:30.5Z");

  static Checkpoint.Configuration config(String source, Instant at) {
    return new Checkpoint.Configuration(source, CONFIG, at);
  }

  static Checkpoint.Pending pending(Instant at) {
    return new Checkpoint.Pending(config("/etc/new.yaml", at), at.plusSeconds(90), new Waiter(4242, "2026-12-04T09:59:59Z", "boot-1"),
        "apply", Checkpoint.State.WAITING);
  }

  @Test
  void withNothingConfirmedARollbackReturnsToTheEmptyConfigurationAndSaysSo() {
    Checkpoint begun = Checkpoint.NONE.begin(pending(T1));
    assertThat(begun.target()).isEqualTo(DesiredState.EMPTY);
    assertThat(begun.describeTarget())
        .isEqualTo("the empty configuration (none is confirmed: everything netagent owns is removed)");
  }

  @Test
  void afterDownNothingIsConfirmedAndAChangeStillWaitingIsOver() {
    Checkpoint down = Checkpoint.NONE.withConfirmed(config("/etc/old.yaml", T0)).begin(pending(T1)).afterDown(T2);
    assertThat(down.confirmed()).isEmpty();
    assertThat(down.pending()).isEmpty();
    assertThat(down.target()).isEqualTo(DesiredState.EMPTY);
    assertThat(down.nothingPending()).isEqualTo("the change of 2026-12-04T10:05:00Z (/etc/new.yaml) was already rolled back at "
        + "2026-12-04T10:06:30Z (netagent down removed everything netagent owned) to the empty configuration (none is confirmed: "
        + "everything netagent owns is removed)");
    assertThat(Checkpoint.NONE.withConfirmed(config("/etc/old.yaml", T0)).afterDown(T2).confirmed()).isEmpty();
  }

  @Test
  void aConfirmedChangeIsWhatTheNextRollbackReturnsTo() {
    Checkpoint confirmed = Checkpoint.NONE.withConfirmed(config("/etc/old.yaml", T0)).begin(pending(T1)).confirm(T2, "netagent confirm");
    assertThat(confirmed.pending()).isEmpty();
    assertThat(confirmed.confirmed()).contains(config("/etc/new.yaml", T1));
    assertThat(confirmed.describeTarget()).isEqualTo("the configuration confirmed at 2026-12-04T10:05:00Z (/etc/new.yaml)");
    assertThat(confirmed.target().networks()).hasSize(1);
    assertThat(confirmed.nothingPending())
        .isEqualTo("the change of 2026-12-04T10:05:00Z (/etc/new.yaml) was confirmed at 2026-12-04T10:06:30Z (netagent confirm)");
  }

  @Test
  void aRolledBackChangeCannotBeRolledBackOrConfirmedAgainAndTheMessageSaysWhenAndToWhat() {
    Checkpoint rolledBack = Checkpoint.NONE.withConfirmed(config("/etc/old.yaml", T0)).begin(pending(T1)).rollingBack()
        .rolledBack(T2, "its window ended");
    assertThat(rolledBack.confirmed()).contains(config("/etc/old.yaml", T0));
    String already = "the change of 2026-12-04T10:05:00Z (/etc/new.yaml) was already rolled back at 2026-12-04T10:06:30Z "
        + "(its window ended) to the configuration confirmed at 2026-12-04T10:00:00Z (/etc/old.yaml)";
    assertThatThrownBy(rolledBack::rollingBack).isInstanceOf(CheckpointException.class).hasMessage("nothing to roll back: " + already);
    assertThatThrownBy(() -> rolledBack.confirm(T2, "netagent confirm")).isInstanceOf(CheckpointException.class)
        .hasMessage("nothing to confirm: " + already);
  }

  @Test
  void aChangeBeingRolledBackIsTooLateToConfirm() {
    Checkpoint requested = Checkpoint.NONE.begin(pending(T1)).rollbackRequested();
    assertThat(requested.pending().orElseThrow().state()).isEqualTo(Checkpoint.State.ROLLBACK_REQUESTED);
    assertThatThrownBy(() -> requested.confirm(T2, "netagent confirm")).hasMessage(
        "too late to confirm: the change of 2026-12-04T10:05:00Z (/etc/new.yaml) is being rolled back (netagent rollback asked for it)");
    assertThatThrownBy(() -> requested.rollingBack().confirm(T2, "netagent confirm"))
        .hasMessage("too late to confirm: the change of 2026-12-04T10:05:00Z (/etc/new.yaml) is being rolled back");
  }

  @Test
  void withNoChangeEverThereIsNothingToConfirm() {
    assertThatThrownBy(() -> Checkpoint.NONE.confirm(T2, "netagent confirm"))
        .hasMessage("nothing to confirm: no change is waiting for confirmation");
  }

  @Test
  void statusSaysWhatWaitsUntilWhenElseWhatARollbackReturnsToAndHowTheLastChangeEnded() {
    assertThat(Checkpoint.NONE.statusLine()).isEmpty();
    Checkpoint confirmed = Checkpoint.NONE.withConfirmed(config("/etc/old.yaml", T0));
    assertThat(confirmed.statusLine()).contains("checkpoint: no change waits; a rollback would return to the configuration confirmed at "
        + "2026-12-04T10:00:00Z (/etc/old.yaml)");
    assertThat(confirmed.begin(pending(T1)).statusLine()).contains("checkpoint: the change of 2026-12-04T10:05:00Z (/etc/new.yaml) waits "
        + "for 'netagent confirm' until 2026-12-04T10:06:30Z, else it is rolled back to the configuration confirmed at "
        + "2026-12-04T10:00:00Z (/etc/old.yaml) (by apply, pid 4242)");
    assertThat(confirmed.begin(pending(T1)).rolledBack(T2, "its deadline passed").statusLine()).contains("checkpoint: no change waits; "
        + "a rollback would return to the configuration confirmed at 2026-12-04T10:00:00Z (/etc/old.yaml); the change of "
        + "2026-12-04T10:05:00Z (/etc/new.yaml) was already rolled back at 2026-12-04T10:06:30Z (its deadline passed) to the "
        + "configuration confirmed at 2026-12-04T10:00:00Z (/etc/old.yaml)");
  }

  @Test
  void aConfirmedConfigurationThatNoLongerPassesNamesItsProblemsAndTheWayOut() {
    Checkpoint stale = Checkpoint.NONE.withConfirmed(new Checkpoint.Configuration("/etc/old.yaml", "networks: [ { name: lab } ]\n", T0));
    assertThatThrownBy(stale::target).isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith("the configuration confirmed at 2026-12-04T10:00:00Z (/etc/old.yaml) no longer passes this netagent's checks")
        .hasMessageContaining("/etc/old.yaml (as confirmed at 2026-12-04T10:00:00Z):1:")
        .hasMessageEndingWith("the next netagent apply records a new one");
  }
}
