package io.netagent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A waiter is alive only as the same process of the same boot: not after it ended, not under a reused pid, not after a reboot. */
class WaiterTest {
  @Test
  void thisProcessIsAlive() {
    Waiter self = Waiter.current();
    assertThat(self.pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(self.boot()).isNotEmpty();
    assertThat(self.started()).isNotEmpty();
    assertThat(self.alive()).isTrue();
  }

  @Test
  void aProcessThatEndedIsNotAlive() throws Exception {
    Process process = new ProcessBuilder("true").start();
    long pid = process.pid();
    assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(new Waiter(pid, "", Waiter.current().boot()).alive()).isFalse();
  }

  @Test
  void anotherStartTimeOrAnotherBootIsAnotherProcess() {
    Waiter self = Waiter.current();
    assertThat(new Waiter(self.pid(), "2000-01-01T00:00:00Z", self.boot()).alive()).as("the pid reused by another process").isFalse();
    assertThat(new Waiter(self.pid(), self.started(), "another-boot").alive()).as("a waiter of the boot before").isFalse();
  }
}
