package io.netagent.it;

import static io.netagent.it.NatTraffic.HOST_IP;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A UDP flow follows a moved mapping at once: when host port 5353 moves from container A to B,
 * apply deletes the flow's conntrack entry, so the next datagrams of the same flow (same source
 * port, sent every 100 ms, which would keep the old entry alive forever) reach B. Without the
 * deletion they would keep going to A. Likewise a flow to a port no longer published stops
 * being answered, and a flow to a host service on a port that becomes published goes to the
 * container at once.
 */
@ExtendWith(LabExtension.class)
class NatConntrackIT {
  private static final Pattern DELETED = Pattern.compile("deleted (\\d+) conntrack entr(?:y|ies)");
  private static final Pattern LINE = Pattern.compile("(\\d+) (?:reply (\\S+) (\\d+)|timeout)");

  private Lab lab;
  private Agent agent;
  private String outside;

  @BeforeEach
  void setUp() {
    outside = NatTraffic.uplink(lab);
  }

  /** Port 5353/udp published by container {@code target}: "a", "b" or "none". */
  private Path config(String target) {
    return lab.config(NatConfig.yaml(lab, "10.213.0", "",
        NatConfig.container(lab, "a", "10.213.0.11", target.equals("a") ? PORTS : ""),
        NatConfig.container(lab, "b", "10.213.0.12", target.equals("b") ? PORTS : "")));
  }

  private static final String PORTS = "ports: [ { host: 5353, container: 53, protocol: udp } ]";

  /** The replies, in order: {@code [sequence, server]}, server {@code timeout} when none came. */
  private static List<String[]> replies(List<String> lines) {
    List<String[]> result = new ArrayList<>();
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      assertThat(m.matches()).as("client line %s", line).isTrue();
      if (m.group(2) == null) {
        result.add(new String[] {m.group(1), "timeout"});
      } else {
        assertThat(m.group(3)).as("a reply answers the datagram just sent: %s", line).isEqualTo(m.group(1));
        result.add(new String[] {m.group(1), m.group(2)});
      }
    }
    return result;
  }

  /**
   * Applies {@code config} while {@code flow} runs, then waits for {@code n} more datagrams and
   * stops the flow: the replies to those sent after the apply (one may have been under way while
   * it ran, and is left out). Checks that apply succeeded and logged at least one conntrack entry
   * deleted.
   */
  private List<String[]> repliesAfterApplying(Path config, NatTraffic.Background flow, int n) {
    Processes.Result applied = agent.run("apply", "-c", config.toString());
    int atApplyEnd = flow.lines.size();
    assertThat(applied.code()).as("apply: %s\n%s", applied.out(), applied.err()).isZero();
    flow.awaitLines(l -> true, atApplyEnd + n + 1, n + " more datagrams after the apply");
    flow.stop();
    Matcher deleted = DELETED.matcher(applied.err());
    assertThat(deleted.find()).as("apply logs the conntrack entries it deleted: %s", applied.err()).isTrue();
    assertThat(Integer.parseInt(deleted.group(1))).as("conntrack entries deleted").isGreaterThanOrEqualTo(1);
    return replies(flow.lines).subList(atApplyEnd + 1, atApplyEnd + n + 1);
  }

  @Test
  void aUdpFlowFollowsItsMappingToAnotherContainerAtOnce() {
    agent.ok("apply", "-c", config("a").toString());
    NatTraffic.udpServer(lab, lab.ns("a"), 53, "read x; echo A $x");
    NatTraffic.udpServer(lab, lab.ns("b"), 53, "read x; echo B $x");

    try (NatTraffic.Background flow = new NatTraffic.Background(outside, "udp-flow", HOST_IP, "5353", "40000", "100")) {
      flow.awaitLines(l -> l.contains(" reply A "), 10, "10 replies from A");
      String entries = lab.ok(lab.host, "conntrack", "-L", "-p", "udp", "--orig-port-src", "40000", "--orig-port-dst", "5353");
      assertThat(entries).as("the flow's conntrack entry").contains("src=10.213.0.11");

      List<String[]> after = repliesAfterApplying(config("b"), flow, 10);
      assertThat(after).as("datagrams of the same flow sent after the apply").allSatisfy(r -> assertThat(r[1]).as("datagram %s", r[0]).isEqualTo("B"));
      List<String[]> before = replies(flow.lines).subList(0, 10);
      assertThat(before).allSatisfy(r -> assertThat(r[1]).as("datagram %s", r[0]).isEqualTo("A"));
      assertThat(lab.ok(lab.host, "conntrack", "-L", "-p", "udp", "--orig-port-src", "40000", "--orig-port-dst", "5353"))
          .as("the flow's conntrack entry now").contains("src=10.213.0.12").doesNotContain("src=10.213.0.11");
    }
  }

  @Test
  void aUdpFlowToAnUnpublishedPortStopsBeingAnsweredAtOnce() {
    agent.ok("apply", "-c", config("a").toString());
    NatTraffic.udpServer(lab, lab.ns("a"), 53, "read x; echo A $x");

    try (NatTraffic.Background flow = new NatTraffic.Background(outside, "udp-flow", HOST_IP, "5353", "40001", "100")) {
      flow.awaitLines(l -> l.contains(" reply A "), 10, "10 replies from A");

      assertThat(repliesAfterApplying(config("none"), flow, 3)).as("datagrams of the same flow sent after the mapping was removed")
          .allSatisfy(r -> assertThat(r[1]).as("datagram %s", r[0]).isEqualTo("timeout"));
    }
  }

  /**
   * A host service on 5353/udp that answers {@code H N} to the client on {@code clientPort} from
   * port 5354. Not from 5353: an answer from 5353 sent after apply deleted the flow's entry opens
   * an entry from the host that the flow's next datagrams match, un-NATed — a race the product
   * cannot close, described in docs/kernel-facts.md §8 "conntrack".
   */
  private void hostServiceAnsweringFromAnotherPort(int clientPort) {
    String answer = "socat -u - UDP-SENDTO:" + NatTraffic.OUTSIDE_IP + ":" + clientPort + ",sourceport=5354";
    Process server = lab.spawn(lab.host, "sh", "-c", "socat -u UDP-RECV:5353 - | while read x; do echo \"H $x\" | " + answer + "; done");
    NatTraffic.awaitBound(lab, lab.host, "-lun", 5353, server);
  }

  @Test
  void aUdpFlowToAHostServiceGoesToTheContainerOnceItsPortIsPublished() {
    agent.ok("apply", "-c", config("none").toString());
    hostServiceAnsweringFromAnotherPort(40002);
    NatTraffic.udpServer(lab, lab.ns("a"), 53, "read x; echo A $x");

    try (NatTraffic.Background flow = new NatTraffic.Background(outside, "udp-flow", HOST_IP, "5353", "40002", "100")) {
      flow.awaitLines(l -> l.contains(" reply H "), 10, "10 replies from the host's own service");
      assertThat(lab.ok(lab.host, "conntrack", "-L", "-p", "udp", "--orig-port-src", "40002", "--orig-port-dst", "5353"))
          .as("the flow's conntrack entry, not NATed").contains("dst=" + HOST_IP).doesNotContain("src=10.213.0.11");

      assertThat(repliesAfterApplying(config("a"), flow, 10)).as("datagrams of the same flow sent after the port was published")
          .allSatisfy(r -> assertThat(r[1]).as("datagram %s", r[0]).isEqualTo("A"));
    }
  }
}
