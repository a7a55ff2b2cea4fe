package io.netagent.operations;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import java.util.Optional;

/**
 * One step of a plan: a small immutable record naming the object it touches and why. A plan
 * prints the same list that {@code apply} executes, each through {@link #applyTo}.
 */
public sealed interface Operation
    permits CreateNamespace, DeleteNamespace, DeleteNamespaces, CreateBridge, CreateVethPair, DeleteLink, DeleteLinkGroup, SetMtu, SetMac, SetAlias, SetGroup, SetUp,
        SetMaster, SetBridgePort, AddAddress, RemoveAddress, AddRoute, RemoveRoute, SetNeighbour, RemoveNeighbour,
        AddProxyNeighbour, RemoveProxyNeighbour,        AddFdbEntry, RemoveFdbEntry, SetSysctl, ReplaceNatTable, DeleteNatTable {

  /** The namespace the operation acts in. */
  NamespaceRef namespace();

  /** Where in the dependency order it runs. */
  Phase phase();

  Action action();

  /** The object, such as {@code bridge nbr0} or {@code address 10.88.0.2/16 on web/eth0}. */
  String object();

  /** What it does to the object, such as {@code set mtu 1500}; empty for create and delete. */
  default String change() {
    return "";
  }

  Reason reason();

  /** The equivalent iproute2/nft/sysctl command, for people to read. */
  String command();

  /** The link the operation works on or on which the object it works on lives, if there is one. */
  default Optional<InterfaceName> link() {
    return Optional.empty();
  }

  /**
   * Whether it creates a declared object whole (a namespace, a bridge, a veth pair, the NAT table
   * where there was none), rather than a part of one or a setting on it: a status report then
   * shows the object missing, not differing.
   */
  default boolean createsObject() {
    return false;
  }

  /** Hands the operation to the method of {@code handler} that carries it out. */
  void applyTo(OperationHandler handler);

  /** A stable machine name for JSON: {@code create-bridge}, {@code set-mtu}, ... */
  default String type() {
    return getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }

  /** The object and the change, as one plan line without symbol and reason. */
  default String describe() {
    return change().isEmpty() ? object() : object() + ": " + change();
  }

  /** {@code name} for the host namespace, else {@code namespace/name}. */
  static String where(NamespaceRef namespace, Object name) {
    return namespace instanceof NamespaceRef.Host ? String.valueOf(name) : namespace.display() + "/" + name;
  }
}
