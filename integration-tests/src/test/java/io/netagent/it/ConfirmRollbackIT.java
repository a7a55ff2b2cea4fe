package io.netagent.it;

import static io.netagent.it.NatTraffic.HOST_IP;
import static io.netagent.it.NatTraffic.REPLY;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Confirm or roll back (README, "Confirm or roll back"), with real traffic through a published
 * port: container c1 publishes host port 8080 to its port 80, where a server answers "c1". The
 * breaking change maps 8080 to port 81, where nothing listens, and adds container c2 in a
 * namespace netagent creates. {@code apply --confirm-within} of it, not confirmed, is rolled back
 * at its deadline (the port answers again, c2's namespace is gone, the plan of the first
 * configuration is empty); confirmed from a second process, it stays and becomes what the next
 * rollback returns to; {@code netagent rollback} undoes it at once, and a second rollback and a
 * confirm with nothing waiting are refused; the waiting apply killed with SIGKILL is rolled back
 * by the next apply and by the next daemon start (which then runs the confirmed configuration).
 * The daemon's {@code reload --confirm-within}: rolled back by the daemon's own timer, kept by
 * {@code confirm} through the API, and rolled back at the next start when the daemon is killed
 * inside the window.
 */
@ExtendWith(LabExtension.class)
class ConfirmRollbackIT {
  /** Long enough for the test to look at the change before the deadline (a generous bound, not a timing). */
  private static final String WINDOW = "20s";
  private static final String PORT_80 = "any_port tcp 8080 -> 80";
  private static final String PORT_81 = "any_port tcp 8080 -> 81";

  private Lab lab;
  private Agent agent;
  private String outside;
  private Path good;
  private Path breaking;
  private Path moved;

  @BeforeEach
  void setUp() {
    outside = NatTraffic.uplink(lab);
    good = lab.config(goodYaml());
    breaking = lab.config(breakingYaml());
    moved = lab.config(movedYaml());
    agent.ok("apply", "-c", good.toString());
    NatTraffic.tcpServer(lab, lab.ns("c1"), 80, "echo c1");
    NatTraffic.tcpServer(lab, lab.ns("c1"), 82, "echo c1-82");
    assertThat(port8080()).as("the published port before the change").isEqualTo(REPLY + "c1");
  }

  private String goodYaml() {
    return NatConfig.yaml(lab, "10.214.0", "", c1(80));
  }

  private String breakingYaml() {
    return NatConfig.yaml(lab, "10.214.0", "", c1(81), NatConfig.container(lab, "c2", "10.214.0.12"));
  }

  private String movedYaml() {
    return NatConfig.yaml(lab, "10.214.0", "", c1(82));
  }

  private String c1(int containerPort) {
    return NatConfig.container(lab, "c1", "10.214.0.11", "ports:", "  - { host: 8080, container: " + containerPort + " }");
  }

  private String port8080() {
    return NatTraffic.tcp(lab, outside, HOST_IP, 8080);
  }

  /** Starts {@code apply -c CONFIG --confirm-within WINDOW} and waits until it applied the change and waits for confirmation. */
  private DaemonProcess waitingApply(Path config, String window) {
    DaemonProcess apply = new DaemonProcess(agent.start("apply", "-c", config.toString(), "--confirm-within", window));
    apply.await("Waiting.", 0);
    return apply;
  }

  private static int exitOf(DaemonProcess apply) throws InterruptedException {
    assertThat(apply.process.waitFor(DaemonProcess.BOUND.toSeconds(), TimeUnit.SECONDS)).as("the waiting apply ended\n%s", apply.log())
        .isTrue();
    apply.readers();
    return apply.process.exitValue();
  }

  /** The change is in the kernel: 8080 maps to 81 (nothing answers), c2's namespace exists. */
  private void assertChanged() {
    assertThat(new Witness(lab).natMapElements()).as("NAT map elements during the window").contains(PORT_81);
    assertThat(port8080()).as("the published port during the window").startsWith("error ");
    assertThat(lab.namespaces()).as("namespaces during the window").contains(lab.ns("c2"));
  }

  /** The first configuration is back: 8080 answers again, c2's namespace and host veth are gone, its plan is empty. */
  private void assertRolledBack() {
    assertThat(new Witness(lab).natMapElements()).as("NAT map elements after the rollback").contains(PORT_80).doesNotContain(PORT_81);
    assertThat(port8080()).as("the published port after the rollback").isEqualTo(REPLY + "c1");
    assertThat(lab.namespaces()).as("namespaces after the rollback").doesNotContain(lab.ns("c2"));
    assertThat(agent.plan(good).path("operations")).as("plan of the first configuration after the rollback").isEmpty();
  }

  @Test
  void anUnconfirmedChangeThatBreaksAPublishedPortIsRolledBackAtItsDeadline() throws InterruptedException {
    DaemonProcess apply = waitingApply(breaking, WINDOW);
    try {
      assertThat(apply.lines()).as("what apply says of the rollback's target").anyMatch(l -> l.contains(
          "Unless confirmed within 20 s, this change is rolled back to the configuration confirmed at"));
      assertChanged();
      assertThat(exitOf(apply)).as("exit code of the unconfirmed apply\n%s", apply.log()).isEqualTo(1);
      assertThat(apply.log()).contains("Rolling back the change of").contains(": it was not confirmed before ")
          .contains("Rolled back the change of").contains("to the configuration confirmed at");
      assertRolledBack();
    } finally {
      apply.kill();
    }
  }

  @Test
  void aConfirmedChangeStaysAndIsWhatTheNextRollbackReturnsTo() throws InterruptedException {
    DaemonProcess apply = waitingApply(moved, WINDOW);
    DaemonProcess next = null;
    try {
      assertThat(agent.ok("confirm")).as("confirm").contains("Confirmed the change of").contains(moved.toString());
      assertThat(exitOf(apply)).as("exit code of the confirmed apply\n%s", apply.log()).isZero();
      assertThat(apply.log()).contains("Confirmed: the change of");
      assertThat(port8080()).as("the published port after confirm").isEqualTo(REPLY + "c1-82");

      // The confirmed change is the checkpoint now: the next unconfirmed change returns to it.
      next = waitingApply(breaking, "5m");
      assertThat(next.lines()).anyMatch(l -> l.contains("this change is rolled back to the configuration confirmed at")
          && l.contains(moved.toString()));
      Processes.Result rollback = agent.run("rollback");
      assertThat(rollback.code()).as("rollback\n%s\n%s", rollback.out(), rollback.err()).isZero();
      assertThat(exitOf(next)).isEqualTo(1);
      assertThat(port8080()).as("the published port after rolling back to the confirmed change").isEqualTo(REPLY + "c1-82");
      assertThat(agent.plan(moved).path("operations")).as("plan of the confirmed change").isEmpty();
    } finally {
      apply.kill();
      if (next != null) {
        next.kill();
      }
    }
  }

  @Test
  void rollbackUndoesTheChangeAtOnceAndIsRefusedTheSecondTimeAsIsConfirm() throws InterruptedException {
    DaemonProcess apply = waitingApply(breaking, "5m");
    try {
      assertChanged();
      assertThat(agent.ok("status", "-c", breaking.toString())).as("status while the change waits")
          .contains("checkpoint: the change of").contains("(" + breaking + ") waits for 'netagent confirm' until ")
          .contains("(by apply, pid " + apply.pid + ")");
      Processes.Result rollback = agent.run("rollback");
      assertThat(rollback.code()).as("rollback\n%s\n%s", rollback.out(), rollback.err()).isZero();
      assertThat(rollback.out()).contains("Asked the waiting netagent apply (pid " + apply.pid + ") to roll back the change of")
          .contains("Rolled back at ").contains("to the configuration confirmed at");
      assertThat(exitOf(apply)).as("exit code of the apply told to roll back\n%s", apply.log()).isEqualTo(1);
      assertThat(apply.log()).contains(": netagent rollback asked for it.");
      assertRolledBack();

      Processes.Result again = agent.run("rollback");
      assertThat(again.code()).as("a second rollback\n%s", again.err()).isEqualTo(1);
      assertThat(again.err()).contains("nothing to roll back: the change of").contains("(" + breaking + ") was already rolled back at ")
          .contains("(netagent rollback asked for it) to the configuration confirmed at").doesNotContain("Exception");
      Processes.Result confirm = agent.run("confirm");
      assertThat(confirm.code()).as("confirm with nothing waiting\n%s", confirm.err()).isEqualTo(1);
      assertThat(confirm.err()).contains("nothing to confirm: the change of").contains("was already rolled back at");
    } finally {
      apply.kill();
    }
  }

  @Test
  void aWaitingApplyKilledWithSigkillIsRolledBackByTheNextApply() throws InterruptedException {
    DaemonProcess apply = waitingApply(breaking, "5m");
    apply.sigkill();
    assertChanged();

    Processes.Result next = agent.run("apply", "-c", moved.toString());
    assertThat(next.code()).as("the next apply\n%s\n%s", next.out(), next.err()).isZero();
    assertThat(next.err()).contains("(" + breaking + ") was never confirmed and the process that waited for it (pid " + apply.pid
        + ") is gone: rolling it back first").contains("Rolled back the change of");
    // The rollback's operations come first (8080 back to 80, c2's namespace deleted), then the apply's own.
    assertThat(next.out()).containsSubsequence("10.214.0.11:80 (was → 10.214.0.11:81)", "netagent apply: " + moved,
        "10.214.0.11:82 (was → 10.214.0.11:80)");
    assertThat(port8080()).as("the published port after the next apply").isEqualTo(REPLY + "c1-82");
    assertThat(lab.namespaces()).as("namespaces after the rollback").doesNotContain(lab.ns("c2"));
  }

  @Test
  void aWaitingApplyKilledWithSigkillIsRolledBackWhenTheDaemonStartsWhichRunsTheConfirmedConfiguration() throws InterruptedException {
    DaemonProcess apply = waitingApply(breaking, "5m");
    apply.sigkill();
    assertChanged();

    DaemonProcess daemon = DaemonProcess.start(agent, breaking);
    try {
      assertThat(daemon.log()).contains("Rolled back the change of").contains("the process that waited for it, pid " + apply.pid + ", is gone")
          .contains(breaking + " still holds that change: running the configuration confirmed at");
      assertRolledBack();
    } finally {
      daemon.kill();
    }
  }

  @Test
  void aReloadOnProbationIsRolledBackByTheDaemonAtItsDeadlineAndAConfirmedOneStays() throws IOException {
    Path file = lab.config(goodYaml());
    DaemonProcess daemon = DaemonProcess.start(agent, file);
    try {
      Files.writeString(file, breakingYaml());
      int mark = daemon.mark();
      assertThat(agent.ok("reload", "--confirm-within", WINDOW)).contains("Reloaded " + file + ". Unless 'netagent confirm' comes before ")
          .contains("it is rolled back to the configuration confirmed at");
      assertChanged();
      daemon.await("Rolled back the change of", mark);
      assertRolledBack();
      assertThat(daemon.linesSince(mark)).anyMatch(l -> l.contains("rolling back the change of") && l.contains(": it was not confirmed before "))
          .anyMatch(l -> l.contains(file + " still holds the change: the daemon runs the confirmed configuration until the next reload"));

      Files.writeString(file, movedYaml());
      agent.ok("reload", "--confirm-within", "5m");
      assertThat(agent.ok("status")).as("the daemon's status while the reload waits").contains("checkpoint: the change of")
          .contains("(" + file + ") waits for 'netagent confirm' until ").contains("(by reload, pid ");
      assertThat(agent.ok("confirm")).contains("Confirmed the change of").contains("(" + file + ")");
      assertThat(port8080()).as("the published port after the confirmed reload").isEqualTo(REPLY + "c1-82");
      Processes.Result rollback = agent.run("rollback");
      assertThat(rollback.code()).as("rollback after confirm\n%s", rollback.err()).isEqualTo(1);
      assertThat(rollback.err()).contains("nothing to roll back: the change of").contains(" was confirmed at ");
    } finally {
      daemon.kill();
    }
  }

  @Test
  void aDaemonKilledInsideAReloadsWindowRunsTheOldConfigurationWhenItStartsAgain() throws IOException, InterruptedException {
    Path file = lab.config(goodYaml());
    DaemonProcess first = DaemonProcess.start(agent, file);
    DaemonProcess second = null;
    try {
      Files.writeString(file, breakingYaml());
      agent.ok("reload", "--confirm-within", "5m");
      assertChanged();
      first.sigkill();

      second = DaemonProcess.start(agent, file);
      assertThat(second.log()).contains("Rolled back the change of").contains("the process that waited for it, pid " + first.pid + ", is gone")
          .contains(file + " still holds that change: running the configuration confirmed at");
      assertRolledBack();
      assertThat(agent.ok("status")).as("the daemon's status").startsWith("netagent status: the configuration confirmed at ")
          .contains("(" + file + "), after a rollback against the live kernel (the daemon's view)");
    } finally {
      first.kill();
      if (second != null) {
        second.kill();
      }
    }
  }
}
