package io.netagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netagent.testing.FakeAgentService;
import io.netagent.testing.RunningApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that talk to the daemon, against a fake one on a socket in a test directory. */
class DaemonCommandsTest {
  @TempDir
  Path dir;

  private Cli.Result run(String... args) {
    return Cli.run(Stream.concat(Stream.of(args), Stream.of("--state-dir", dir.toString())).toArray(String[]::new));
  }

  @Test
  void attachPrintsTheAttachmentOnOneLineOrAsJson() throws Exception {
    try (RunningApi api = new RunningApi(dir)) {
      Cli.Result first = run("attach", "--id", "c1", "--network", "n", "--namespace", "/proc/42/ns/net", "--port", "8080:80/tcp@127.0.0.1");
      Cli.Result again = run("attach", "--id", "c1", "--network", "n", "--namespace", "/proc/42/ns/net", "-o", "json");

      assertThat(first.code()).isZero();
      assertThat(first.out()).startsWith("attached c1: b on n, 10.9.0.3 mac ").contains(" as eth0 in /proc/42/ns/net, host end veth-b, mtu 1500",
          ", ports tcp 127.0.0.1:8080→80; converged\n");
      assertThat(first.out().lines()).hasSize(1);
      assertThat(again.code()).isZero();
      assertThat(new ObjectMapper().readTree(again.out()).get("id").asText()).isEqualTo("c1");
    }
  }

  @Test
  void attachSendsAFileAsTheRequestBody() throws Exception {
    try (RunningApi api = new RunningApi(dir)) {
      FakeAgentService service = api.service;
      Path file = dir.resolve("req.json");
      Files.writeString(file, "{\"id\": \"c2\", \"network\": \"n\", \"namespace\": \"x\"}");

      Cli.Result fromFile = run("attach", "--file", file.toString());

      assertThat(fromFile.code()).isZero();
      assertThat(service.attachment("c2")).isPresent();
    }
  }

  @Test
  void attachSendsTheIp6AndAnIpv6HostIpAsGiven() throws Exception {
    try (RunningApi api = new RunningApi(dir)) {
      Cli.Result r = run("attach", "--id", "c3", "--network", "n", "--namespace", "x", "--ip6", "fd00:9::5", "--port", "8443:443@2001:db8::1",
          "--port", "9443:443/tcp@[2001:db8::2]");

      assertThat(r.code()).as(r.err()).isZero();
      JsonNode sent = api.service.lastRequest().orElseThrow();
      assertThat(sent.get("ip6").asText()).isEqualTo("fd00:9::5");
      assertThat(sent.get("ports").get(0).get("hostIp").asText()).isEqualTo("2001:db8::1");
      assertThat(sent.get("ports").get(1).get("hostIp").asText()).as("as the attachment line prints it").isEqualTo("2001:db8::2");
    }
  }

  @Test
  void anInvalidRequestPrintsEachProblemAndExitsWithTwo() {
    try (RunningApi api = new RunningApi(dir)) {
      Cli.Result r = run("attach", "--id", "c1", "--network", "n", "--namespace", "x", "--ip", "10.9.0.300");

      assertThat(r.code()).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEqualTo("netagent: invalid attachment\nid: id is required\nip: 10.9.0.300 is not an IPv4 address\n");
    }
  }

  @Test
  void badUsageOfAttachIsCaughtBeforeAsking() {
    assertThat(run("attach", "--network", "n").err()).contains("missing --id, --namespace (or give the whole request with --file)");
    Cli.Result port = run("attach", "--id", "c", "--network", "n", "--namespace", "x", "--port", "80");
    assertThat(port.code()).isEqualTo(2);
    assertThat(port.err()).contains("\"80\" is not HOST:CONTAINER[/tcp|udp][@HOSTIP]");
    assertThat(run("attach", "--file", "x.json", "--id", "c").err()).contains("--file sends the body as it is");
  }

  @Test
  void detachAndAttachmentsListAndRemove() throws Exception {
    try (RunningApi api = new RunningApi(dir)) {
      assertThat(run("attachments").out()).isEqualTo("No attachments.\n");
      run("attach", "--id", "c1", "--network", "n", "--namespace", "/proc/42/ns/net");

      assertThat(run("attachments").out()).startsWith("c1: b on n");
      assertThat(run("attachments", "c1").out()).startsWith("c1: b on n");
      JsonNode list = new ObjectMapper().readTree(run("attachments", "-o", "json").out());
      assertThat(list).hasSize(1);
      Cli.Result unknown = run("attachments", "c9");
      assertThat(unknown.code()).isEqualTo(1);
      assertThat(unknown.err()).isEqualTo("netagent: no attachment c9\n");

      assertThat(run("detach", "c1").out()).isEqualTo("detached c1\n");
      Cli.Result again = run("detach", "c1");
      assertThat(again.code()).isZero();
      assertThat(again.out()).isEqualTo("c1 was not attached: nothing to do\n");
      assertThat(new ObjectMapper().readTree(run("detach", "c1", "-o", "json").out()).get("existed").asBoolean()).isFalse();
    }
  }

  @Test
  void withoutADaemonTheyFailWithOneLine() {
    for (String[] args : new String[][] {{"attach", "--id", "c", "--network", "n", "--namespace", "x"}, {"detach", "c"}, {"attachments"}}) {
      Cli.Result r = run(args);
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).isEqualTo("netagent: the netagent daemon is not running (no socket at " + dir.resolve("netagent.sock") + ")\n");
    }
  }

  @Test
  void planAndStatusAreTheDaemonsWhenItRuns() throws Exception {
    try (RunningApi api = new RunningApi(dir)) {
      Cli.Result daemonPlan = run("plan");
      assertThat(daemonPlan.out()).startsWith("netagent plan: " + FakeAgentService.SOURCE + " against live kernel (daemon)\n");
      assertThat(daemonPlan.code()).as("the daemon's plan is blocked: its namespace /proc/42/ns/net is missing").isEqualTo(1);
      JsonNode planJson = new ObjectMapper().readTree(run("plan", "-o", "json").out());
      assertThat(planJson.get("kernel").asText()).isEqualTo("live kernel (daemon)");

      Cli.Result fake = run("plan", "--kernel", "fake");
      assertThat(fake.code()).isZero();
      assertThat(fake.out()).startsWith("netagent plan: built-in example against an empty ");

      Cli.Result status = run("status");
      assertThat(status.code()).isZero();
      assertThat(status.out()).startsWith("netagent status: " + FakeAgentService.SOURCE + " against the live kernel (the daemon's view)\n");
      assertThat(new ObjectMapper().readTree(run("status", "-o", "json").out()).get("attachments").asInt()).isZero();
    }
  }

  @Test
  void applyAndDownAreRefusedAtOnceWhileTheDaemonRuns() {
    long pid = ProcessHandle.current().pid();
    try (RunningApi api = new RunningApi(dir)) {
      Cli.Result apply = run("apply", "-c", "none.yaml");
      Cli.Result down = run("down", "-c", "none.yaml");

      assertThat(apply.code()).isEqualTo(1);
      assertThat(apply.err()).isEqualTo("netagent: the netagent daemon (pid " + pid + ") is running and owns the kernel state: change the file "
          + "and reload it (systemctl reload netagent, or kill -HUP " + pid + ")\n");
      assertThat(down.code()).isEqualTo(1);
      assertThat(down.err()).isEqualTo("netagent: the netagent daemon (pid " + pid + ") is running and owns the kernel state: stop it first "
          + "(systemctl stop netagent), then run netagent down\n");
    }
  }
}
