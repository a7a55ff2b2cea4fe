package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two netagent processes never change the kernel at once: the second waits, saying for whom, or gives up naming its timeout. */
@ExtendWith(LabExtension.class)
class ApplyLockIT {
  private Lab lab;
  private Agent agent;
  private Path config;

  @BeforeEach
  void setUp() {
    config = lab.config("""
        networks:
          - { name: lab, bridge: b%1$s, subnet: 10.202.0.0/24, gateway: 10.202.0.1 }
        containers:
          - { name: c1, network: lab, namespace: %2$s, createNamespace: true, hostInterface: v%1$s1, ip: 10.202.0.11 }
        """.formatted(lab.id, lab.ns("c1")));
  }

  /** Reads a stream in the background and completes when a line containing {@code text} appears. */
  private static CompletableFuture<String> lineContaining(Process p, String text) {
    return CompletableFuture.supplyAsync(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (line.contains(text)) {
            return line;
          }
        }
        return "";
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  @Test
  void aSecondApplyWaitsForTheFirstOrGivesUpNamingItsTimeout() throws Exception {
    Process first = agent.start("apply", "-c", config.toString(), "--pause-after", "0");
    assertThat(lineContaining(first, "paused after operation 0").get(2, TimeUnit.MINUTES)).isNotEmpty();

    Processes.Result impatient = agent.run("apply", "-c", config.toString(), "--lock-timeout", "1");
    assertThat(impatient.code()).isEqualTo(1);
    assertThat(impatient.err()).contains("gave up after 1 s waiting for " + agent.stateDir().resolve("lock"),
        "held by process " + first.pid());

    Process patient = agent.start("apply", "-c", config.toString(), "--lock-timeout", "300");
    CompletableFuture<String> waiting = lineContaining(patient, "waiting for");
    assertThat(waiting.get(2, TimeUnit.MINUTES)).contains("held by process " + first.pid());
    assertThat(patient.isAlive()).as("the second apply waits while the first holds the lock").isTrue();

    try (OutputStream in = first.getOutputStream()) {
      in.write('\n');
    }
    assertThat(first.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(first.exitValue()).isZero();
    assertThat(patient.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String patientOut = new String(patient.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(patient.exitValue()).as(patientOut).isZero();
    assertThat(patientOut).contains("No changes");
  }
}
