package io.netagent.kernel.fake;

import io.netagent.model.MacAddress;

/**
 * One entry of a bridge's forwarding database in the in-memory kernel (net/bridge/br_fdb.c),
 * including the ones the kernel makes by itself: a local entry for the bridge's own MAC and one
 * for each port's MAC. Only some are visible through {@link io.netagent.observed.FdbEntry}: the
 * observation shows a local entry on the bridge for another MAC than the bridge's own, and a
 * static entry behind a port, as the real adapter does.
 */
final class FakeFdbEntry {
  final FakeLink bridge;
  final MacAddress mac;
  /** The port the MAC lives behind, or null for the bridge itself. */
  FakeLink dst;
  /** BR_FDB_LOCAL (NUD_PERMANENT): delivered to the bridge; else static (NUD_NOARP) behind {@link #dst}. */
  boolean local;
  /** BR_FDB_ADDED_BY_USER: a MAC change does not take it away. */
  boolean addedByUser;

  FakeFdbEntry(FakeLink bridge, MacAddress mac, FakeLink dst, boolean local, boolean addedByUser) {
    this.bridge = bridge;
    this.mac = mac;
    this.dst = dst;
    this.local = local;
    this.addedByUser = addedByUser;
  }
}
