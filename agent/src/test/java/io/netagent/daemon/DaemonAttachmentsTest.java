package io.netagent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.kernel.Scope;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.testing.FakeDaemon;
import io.netagent.model.InterfaceName;
import io.netagent.model.MacAddress;
import io.netagent.model.NamespaceRef;
import io.netagent.model.StableId;
import io.netagent.operations.Reason;
import io.netagent.operations.SetMaster;
import io.netagent.observed.ObservedState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's attachments against the in-memory kernel: made, retried, refused, allocated, deleted, restored. */
class DaemonAttachmentsTest {
  private static final String CONFIG = """
      networks:
        - { name: n, bridge: br0, subnet: 10.9.0.0/24, gateway: 10.9.0.1, allocate: 10.9.0.0/28 }
      containers:
        - { name: file, network: n, namespace: file-ns, createNamespace: true, ip: 10.9.0.2, ports: [ { host: 8080, container: 80 } ] }
      """;

  @TempDir
  Path dir;

  private final FakeKernel kernel = new FakeKernel();
  private FakeDaemon running;
  private Daemon daemon;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(dir.resolve("netagent.yaml"), CONFIG);
    for (String ns : List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "o", "p", "q")) {
      kernel.addNamespace(new NamespaceRef.Named(ns));
    }
    startDaemon();
  }

  private void startDaemon() throws Exception {
    running = FakeDaemon.start(kernel, dir.resolve("netagent.yaml"), dir);
    daemon = running.daemon();
  }

  @AfterEach
  void stop() throws Exception {
    assertThat(running.stop()).as("the loop stops when asked").isTrue();
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(1, TimeUnit.MINUTES);
  }

  private static RequestRejectedException refusal(CompletableFuture<?> future) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> future.get(1, TimeUnit.MINUTES));
    assertThat(e.getCause()).isInstanceOf(RequestRejectedException.class);
    return (RequestRejectedException) e.getCause();
  }

  /** Waits (a minute at most) until the daemon shows the attachment in {@code state}: the passes are event-driven, the resync an hour away. */
  private void awaitState(String id, String state) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (!daemon.attachment(id).orElseThrow().state().equals(state)) {
      assertThat(System.nanoTime()).as("attachment %s %s within a minute", id, state).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private ObservedState kernelState() {
    return kernel.observe(Scope.whole(Set.of(new NamespaceRef.Named("a"))));
  }

  @Test
  void anAttachmentIsWiredBeforeItIsAnsweredAndARetryIsAnsweredTheSame() throws Exception {
    String body = "{\"id\": \"c1\", \"network\": \"n\", \"namespace\": \"a\", \"ports\": [{\"host\": 9090, \"container\": 80}]}";

    Attached made = await(daemon.attach(body));

    assertThat(made.created()).isTrue();
    assertThat(made.attachment().state()).isEqualTo("converged");
    assertThat(made.attachment().ipAllocated()).isTrue();
    assertThat(made.attachment().container().ipv4().orElseThrow().address().toString()).as("lowest free, not the gateway or the file's")
        .isEqualTo("10.9.0.3");
    ObservedState s = kernelState();
    assertThat(s.host().link(InterfaceName.of("veth-c1"))).isPresent();
    assertThat(s.nat().orElseThrow().mappings()).extracting(m -> m.hostPort()).containsExactlyInAnyOrder(8080, 9090);

    Attached again = await(daemon.attach(body));
    assertThat(again.created()).isFalse();
    assertThat(again.attachment().container()).isEqualTo(made.attachment().container());

    RequestRejectedException other = refusal(daemon.attach(body.replace("9090", "9091")));
    assertThat(other.kind()).isEqualTo(RequestRejectedException.Kind.CONFLICT);
    assertThat(other.problems()).extracting(RequestRejectedException.FieldProblem::field).containsExactly("id");
  }

  @Test
  void badRequestsNameTheFieldAndChangeNothing() throws Exception {
    record Case(String body, RequestRejectedException.Kind kind, String field, String words) {}
    List<Case> cases = List.of(
        new Case("{\"id\": \"x\", \"network\": \"nope\", \"namespace\": \"a\"}", RequestRejectedException.Kind.INVALID, "network", "unknown network"),
        new Case("{\"id\": \"x\", \"network\": \"n\", \"namespace\": \"a\", \"ip\": \"10.8.0.5\"}", RequestRejectedException.Kind.INVALID, "ip", "outside subnet"),
        new Case("{\"id\": \"x\", \"network\": \"n\", \"namespace\": \"a\", \"ports\": [{\"host\": 8080, \"container\": 1}]}",
            RequestRejectedException.Kind.CONFLICT, "ports[0].host", "already published by container file"),
        new Case("{\"id\": \"x\", \"network\": \"n\", \"namespace\": \"a\", \"name\": \"file\"}", RequestRejectedException.Kind.CONFLICT, "name", "already used"),
        new Case("{\"id\": \"x\", \"network\": \"n\", \"namespace\": \"nowhere\"}", RequestRejectedException.Kind.INVALID, "namespace", "does not exist"),
        new Case("{\"id\": \"x\", \"network\": \"n\"", RequestRejectedException.Kind.INVALID, "", "not valid JSON"),
        new Case("{\"network\": \"n\", \"namespace\": \"a\"}", RequestRejectedException.Kind.INVALID, "", "missing required key \"id\""),
        new Case("{\"id\": \"x\", \"network\": \"n\", \"namespace\": \"a\", \"colour\": 1}", RequestRejectedException.Kind.INVALID, "colour", "unknown key"));
    ObservedState before = kernelState();
    for (Case c : cases) {
      RequestRejectedException e = refusal(daemon.attach(c.body()));
      assertThat(e.kind()).as(c.body()).isEqualTo(c.kind());
      assertThat(e.problems()).as(c.body()).anySatisfy(p -> {
        assertThat(p.field()).isEqualTo(c.field());
        assertThat(p.message()).contains(c.words());
      });
    }
    assertThat(daemon.attachments()).isEmpty();
    assertThat(kernelState()).isEqualTo(before);
    assertThat(Files.list(dir.resolve("data/attachments"))).isEmpty();
  }

  @Test
  void concurrentRequestsGetDistinctAddressesUntilTheRangeIsFull() throws Exception {
    List<CompletableFuture<Attached>> answers = new ArrayList<>();
    List<String> namespaces = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "o");
    for (String ns : namespaces) {
      answers.add(daemon.attach("{\"id\": \"id-" + ns + "\", \"network\": \"n\", \"namespace\": \"" + ns + "\"}"));
    }
    Set<String> ips = new HashSet<>();
    int full = 0;
    for (CompletableFuture<Attached> a : answers) {
      try {
        ips.add(a.get(1, TimeUnit.MINUTES).attachment().container().ipv4().orElseThrow().address().toString());
      } catch (ExecutionException e) {
        assertThat(((RequestRejectedException) e.getCause()).getMessage()).contains("no free address left in network n");
        full++;
      }
    }
    // 10.9.0.0/28 in 10.9.0.0/24: .0 is the subnet's network address, .1 the gateway, .2 the file's container: 13 are free.
    assertThat(ips).hasSize(13).doesNotContain("10.9.0.0", "10.9.0.1", "10.9.0.2");
    assertThat(full).isEqualTo(1);

    for (String ns : namespaces) {
      await(daemon.detach("id-" + ns));
    }
    assertThat(daemon.attachments()).isEmpty();
    assertThat(await(daemon.detach("id-a"))).as("an unknown id is a success").isFalse();
    assertThat(await(daemon.attach("{\"id\": \"again\", \"network\": \"n\", \"namespace\": \"a\"}")).attachment().container().ipv4()
            .orElseThrow().address().toString())
        .isEqualTo("10.9.0.3");
  }

  @Test
  void aRestartedDaemonRestoresEveryAttachmentAndSetsACorruptFileAside() throws Exception {
    Attached made = await(daemon.attach("{\"id\": \"keep\", \"network\": \"n\", \"namespace\": \"a\"}"));
    stop();
    Files.writeString(dir.resolve("data/attachments/broken.json"), "{\"id\": \"bro");

    startDaemon();

    assertThat(await(daemon.inspect()).plan().operations()).isEmpty();
    assertThat(daemon.attachments()).extracting(AttachmentView::id).containsExactly("keep");
    assertThat(daemon.attachment("keep").orElseThrow().container()).isEqualTo(made.attachment().container());
    assertThat(dir.resolve("data/attachments/broken.json.corrupt")).exists();
    assertThat(dir.resolve("data/attachments/broken.json")).doesNotExist();
  }

  @Test
  void anAttachmentWhoseNamespaceGoesIsAbsentAndTheRestConverges() throws Exception {
    await(daemon.attach("{\"id\": \"gone\", \"network\": \"n\", \"namespace\": \"a\", \"ports\": [{\"host\": 7000, \"container\": 1}]}"));
    await(daemon.attach("{\"id\": \"stays\", \"network\": \"n\", \"namespace\": \"b\"}"));

    kernel.deleteNamespace(new NamespaceRef.Named("a"));
    LiveView view = await(daemon.inspect());

    assertThat(view.plan().absences()).extracting(a -> a.container()).containsExactly("gone");
    assertThat(view.plan().conflicts()).isEmpty();
    RequestRejectedException late = refusal(daemon.attach("{\"id\": \"late\", \"network\": \"n\", \"namespace\": \"c\", \"ip\": \"10.9.0.3\"}"));
    assertThat(late.getMessage()).as("the absent container keeps its address").contains("address 10.9.0.3 is already used by container gone");
    RequestRejectedException again = refusal(daemon.attach("{\"id\": \"again\", \"network\": \"n\", \"namespace\": \"a\"}"));
    assertThat(again.getMessage()).contains("namespace a is already used by container gone");

    awaitState("gone", "absent (namespace gone)");
    kernel.addNamespace(new NamespaceRef.Named("a"));
    awaitState("gone", "converged");
    LiveView back = await(daemon.inspect());
    assertThat(back.plan().isEmpty()).isTrue();
    assertThat(back.plan().absences()).isEmpty();
  }

  @Test
  void whenTheKernelRefusesOneOfABatchTheOthersAreStillWired() throws Exception {
    // The file's container holds one port of br0; 1021 devices more leave room for one (a bridge takes 1023).
    for (int i = 0; i < 1021; i++) {
      InterfaceName dummy = InterfaceName.of("d" + i);
      kernel.addDevice(NamespaceRef.HOST, dummy, "dummy", MacAddress.fromId(StableId.of("dummy", String.valueOf(i))), 1500);
      kernel.apply(new SetMaster(NamespaceRef.HOST, dummy, InterfaceName.of("br0"), Reason.MISSING));
    }

    List<CompletableFuture<Attached>> answers = List.of("a", "b", "c").stream()
        .map(ns -> daemon.attach("{\"id\": \"full-" + ns + "\", \"network\": \"n\", \"namespace\": \"" + ns + "\"}")).toList();

    List<String> wired = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (CompletableFuture<Attached> answer : answers) {
      try {
        wired.add(answer.get(1, TimeUnit.MINUTES).attachment().id());
      } catch (ExecutionException e) {
        RequestRejectedException r = (RequestRejectedException) e.getCause();
        assertThat(r.kind()).isEqualTo(RequestRejectedException.Kind.FAILED);
        assertThat(r.getMessage()).contains("EXFULL");
        refused.add(r.getMessage());
      }
    }
    assertThat(wired).hasSize(1);
    assertThat(refused).hasSize(2);
    assertThat(daemon.attachments()).extracting(AttachmentView::id).containsExactlyElementsOf(wired);
    LiveView after = await(daemon.inspect());
    assertThat(after.plan().isEmpty()).as("the refused ones left nothing behind").isTrue();
  }
}
