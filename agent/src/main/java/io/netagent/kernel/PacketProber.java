package io.netagent.kernel;

/**
 * The port that asks the live kernel what happens to one packet: it sends a real probe packet
 * from the sender's side, follows it with nftables' own tracing, looks its route up, and leaves
 * nothing behind. For {@code netagent trace --kernel}.
 */
public interface PacketProber {

  /**
   * Sends {@code probe} and reports what the kernel did with it.
   *
   * @throws KernelException when the kernel refused a step (the trace table, the probe's socket)
   */
  KernelTrace probe(Probe probe);
}
