package io.netagent.model;


/** The MTU bounds Linux enforces for Ethernet-like devices (bridge and veth). */
public final class Mtu {
  /** ETH_MIN_MTU. */
  public static final int MIN = 68;
  /** ETH_MAX_MTU, the most a veth or bridge accepts. */
  public static final int MAX = 65535;
  public static final int DEFAULT = 1500;

  private Mtu() {}

  /** Returns {@code mtu} when it is within bounds, else throws. */
  public static int requireValid(int mtu) {
    if (mtu < MIN || mtu > MAX) {
      throw new ModelException("MTU " + mtu + " is outside " + MIN + "–" + MAX);
    }
    return mtu;
  }
}
