package io.netagent.kernel.netlink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netagent.kernel.KernelException;
import io.netagent.kernel.KernelTrace.Event;
import io.netagent.kernel.KernelTrace.Header;
import io.netagent.kernel.KernelTrace;
import io.netagent.kernel.PacketProber;
import io.netagent.kernel.TracedPacket;
import io.netagent.kernel.nft.NftErrors;
import io.netagent.kernel.nft.NftListing;
import io.netagent.linux.Errno;
import io.netagent.linux.NamespaceThread;
import io.netagent.linux.SystemCallException;
import io.netagent.linux.netlink.Message;
import io.netagent.linux.netlink.Netlink;
import io.netagent.linux.netlink.NetlinkException;
import io.netagent.linux.netlink.NetlinkPoller;
import io.netagent.linux.netlink.NetlinkSocket;
import io.netagent.linux.netlink.NfTrace;
import io.netagent.linux.netlink.RouteLookup;
import io.netagent.linux.netlink.Rtnetlink;
import io.netagent.linux.nftables.Nftables;
import io.netagent.linux.nftables.NftablesException;
import io.netagent.model.IpAddress;
import io.netagent.model.IpFamily;
import io.netagent.observed.Ownership;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The live kernel's answer to a probe, in the namespace this process runs in (the host): a
 * trace table of its own ({@link TraceTable}), a socket subscribed to NFNLGRP_NFTRACE, the probe
 * sent from a thread in the sender's namespace (a container's, the host's, or a throwaway outside
 * one, {@link OutsideSender}), the events of its first packet, netagent's rule comments by handle
 * (from libnftables' listing), and a route lookup (RTM_GETROUTE) of its destination after DNAT, as
 * it arrived. Everything made for the probe is deleted before the answer returns.
 */
public final class NetlinkPacketProber implements PacketProber {
  /**
   * How long to wait for the probe's last event. A probe ends at the trace table's drop (or an
   * earlier drop) within milliseconds; only a packet no hook sees (bridged, or refused by
   * routing) waits the whole bound.
   */
  private static final int WAIT_MILLIS = 2000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public KernelTrace probe(TracedPacket probe) {
    try (Nftables nft = Nftables.open(); NetlinkSocket route = NetlinkSocket.open(Netlink.NETLINK_ROUTE);
        NetlinkSocket trace = NetlinkSocket.openSubscribed(Netlink.NETLINK_NETFILTER, NfTrace.NFNLGRP_NFTRACE);
        NetlinkPoller poller = new NetlinkPoller()) {
      deleteStaleTables(nft);
      Map<String, Map<Long, String>> comments;
      try {
        comments = NftListing.ruleComments(nft::run);
      } catch (NftablesException e) {
        throw new KernelException("list table " + Ownership.NAT_TABLE, NftErrors.errno(e.getMessage()), e.getMessage());
      }
      Map<Integer, String> names = new HashMap<>();
      List<Event> events = new ArrayList<>();
      KernelTrace.Route lookedUp;
      OutsideSender outside = probe.sender() instanceof TracedPacket.Outside o ? OutsideSender.open(o.address(), probe.destination(), route) : null;
      try (NamespaceThread thread = outside != null ? null : thread(probe.sender())) {
        NamespaceThread sender = outside != null ? outside.thread() : thread;
        // Bound before the trace table exists, so that the table can name its source port.
        ProbeSocket socket = sender.call(() -> openSocket(probe));
        try {
          run(nft, TraceTable.create(probe, socket.port()));
          try {
            send(socket, probe);
            for (NfTrace t : collect(trace, poller, socket.port())) {
              events.add(TraceEvents.of(t, comments, index -> names.computeIfAbsent(index, i -> name(route, i))));
            }
          } finally {
            run(nft, TraceTable.delete(probe.family()));
          }
        } finally {
          socket.close();
        }
        lookedUp = lookup(route, probe, events, names);
      } finally {
        if (outside != null) {
          outside.close();
        }
      }
      String key = probe.family() == IpFamily.IPV4 ? "net.bridge.bridge-nf-call-iptables" : "net.bridge.bridge-nf-call-ip6tables";
      return new KernelTrace(TraceTable.name(), events, lookedUp, ProcSys.read(key).filter("1"::equals).isPresent());
    } catch (NetlinkException e) {
      throw new KernelException("trace probe", e.errno(), e.getMessage());
    }
  }

  private static ProbeSocket openSocket(TracedPacket probe) {
    try {
      return ProbeSocket.bind(probe.family(), probe.protocol(), probe.source(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the probe's socket", e);
    }
  }

  private static void send(ProbeSocket socket, TracedPacket probe) {
    try {
      socket.send(probe.destination(), probe.port(), new byte[] {'n', 'a'});
    } catch (IOException e) {
      // EPERM from the trace table's drop, or an unreachable route: the trace says what happened.
    }
  }

  private static NamespaceThread thread(TracedPacket.Sender sender) {
    if (sender instanceof TracedPacket.InNamespace in) {
      Path file = NamespaceSession.fileOf(in.namespace(), NamespaceSession.SELF);
      try {
        return NamespaceThread.enter(in.namespace().display(), file);
      } catch (SystemCallException e) {
        throw new KernelException("enter the sender's namespace " + in.namespace().display() + " (" + file + ")", e.errno(),
            e.errno().description() + " (is the configuration applied?)");
      }
    }
    return NamespaceThread.host();
  }

  private static void run(Nftables nft, String commands) {
    try {
      nft.run(commands);
    } catch (NftablesException e) {
      throw new KernelException("trace table " + TraceTable.name(), NftErrors.errno(e.getMessage()), e.getMessage());
    }
  }

  /**
   * The events of the probe's first packet, from the trace table's marking rule on, until the
   * trace table's drop or any other drop ends it, a second packet is marked (a TCP
   * retransmission, under a new id), or the bound passes. A packet keeps its trace id within one
   * base chain but not across them (seen: prerouting and forward differ), and the first event of
   * each base chain carries the packet: an id is the probe's when that packet leaves from the
   * probe's source port, so another tracer's packets are left out. The marking rule's own event
   * comes twice.
   */
  private static List<NfTrace> collect(NetlinkSocket trace, NetlinkPoller poller, int sourcePort) {
    List<NfTrace> ours = new ArrayList<>();
    Set<Integer> ourIds = new HashSet<>();
    Set<Integer> otherIds = new HashSet<>();
    Optional<Integer> marked = Optional.empty();
    long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        return ours;
      }
      if (poller.ready(List.of(trace), (int) left).isEmpty()) {
        continue;
      }
      for (Message m : trace.receiveEvents()) {
        if (!NfTrace.isTrace(m)) {
          continue;
        }
        NfTrace t = NfTrace.read(m);
        boolean marks = t.table().equals(TraceTable.name()) && (t.chain().equals(TraceTable.PREROUTING) || t.chain().equals(TraceTable.OUTPUT))
            && t.type() == NfTrace.NFT_TRACETYPE_RULE;
        if (marks && marked.filter(id -> id != t.id()).isPresent()) {
          return ours;
        }
        if (marks) {
          marked = Optional.of(t.id());
          ourIds.add(t.id());
        }
        if (marked.isEmpty() || otherIds.contains(t.id())) {
          continue;
        }
        if (!ourIds.contains(t.id())) {
          boolean probe = TraceEvents.header(t.networkHeader(), t.transportHeader()).filter(h -> h.sourcePort() == sourcePort).isPresent();
          (probe ? ourIds : otherIds).add(t.id());
          if (!probe) {
            continue;
          }
        }
        ours.add(t);
        boolean dropped = t.verdict().filter(v -> v >= 0 && (v & 0xff) == NfTrace.NF_DROP).isPresent()
            || t.type() == NfTrace.NFT_TRACETYPE_POLICY && t.policy().filter(p -> p == NfTrace.NF_DROP).isPresent();
        if (dropped) {
          return ours;
        }
      }
    }
  }

  /**
   * The route of the destination the packet had when last seen (after DNAT), from the source and
   * interface it arrived with (a forwarded packet), or as the host would send it.
   */
  private static KernelTrace.Route lookup(NetlinkSocket route, TracedPacket probe, List<Event> events, Map<Integer, String> names) {
    Optional<Header> first = events.stream().flatMap(e -> e.packet().stream()).findFirst();
    Optional<Header> last = events.stream().flatMap(e -> e.packet().stream()).reduce((a, b) -> b);
    IpAddress destination = last.map(Header::destination).orElse(probe.destination());
    Optional<Integer> iif = events.stream().findFirst().flatMap(Event::iif).flatMap(n -> names.entrySet().stream()
        .filter(e -> e.getValue().equals(n)).map(Map.Entry::getKey).findFirst());
    Optional<byte[]> source = iif.isPresent() ? first.map(h -> h.source().toBytes()) : Optional.empty();
    int family = probe.family() == IpFamily.IPV4 ? Rtnetlink.AF_INET : Rtnetlink.AF_INET6;
    try {
      List<Message> replies = route.call(RouteLookup.request(family, destination.toBytes(), source, iif));
      RouteLookup answer = RouteLookup.read(replies.get(0));
      return new KernelTrace.Route(type(answer.type()), answer.oif().map(i -> names.computeIfAbsent(i, x -> name(route, x))), Optional.empty());
    } catch (NetlinkException e) {
      return new KernelTrace.Route("unreachable", Optional.empty(), Optional.of(e.getMessage()));
    }
  }

  private static String type(int type) {
    return switch (type) {
      case RouteLookup.RTN_UNICAST -> "unicast";
      case RouteLookup.RTN_LOCAL -> "local";
      case RouteLookup.RTN_BROADCAST -> "broadcast";
      case RouteLookup.RTN_BLACKHOLE -> "blackhole";
      case RouteLookup.RTN_UNREACHABLE -> "unreachable";
      case RouteLookup.RTN_PROHIBIT -> "prohibit";
      default -> "type " + type;
    };
  }

  /** The interface's name ({@code ip link show INDEX}); its index when it is gone. */
  private static String name(NetlinkSocket route, int index) {
    try {
      return Dumps.link(route, index).map(l -> l.name().value()).orElse("if" + index);
    } catch (NetlinkException e) {
      return "if" + index;
    }
  }

  /**
   * Deletes the trace tables of processes that are gone: a trace killed before its clean-up
   * leaves its table (the rest of what it made goes with its namespace); it matches only its own
   * probe, so it is harmless, but it is no one's any more.
   */
  private static void deleteStaleTables(Nftables nft) {
    try {
      for (JsonNode item : JSON.readTree(nft.run("list tables")).path("nftables")) {
        JsonNode table = item.path("table");
        String name = table.path("name").asText();
        Optional<Long> pid = TraceTable.pidOf(name);
        if (pid.isPresent() && ProcessHandle.of(pid.get()).isEmpty()) {
          run(nft, "delete table " + table.path("family").asText() + " " + name + "\n");
        }
      }
    } catch (IOException e) {
      throw new KernelException("list tables", Errno.UNKNOWN, "libnftables listed invalid JSON: " + e.getMessage());
    } catch (NftablesException e) {
      throw new KernelException("list tables", NftErrors.errno(e.getMessage()), e.getMessage());
    }
  }
}
