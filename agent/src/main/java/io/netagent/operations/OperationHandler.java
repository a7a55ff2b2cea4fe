package io.netagent.operations;

/**
 * Carries out operations; one method per operation type, so that a kernel adapter cannot forget
 * one. Each method either changes the kernel or throws {@link io.netagent.kernel.KernelException}.
 */
public interface OperationHandler {
  void createNamespace(CreateNamespace op);

  void deleteNamespace(DeleteNamespace op);

  void createBridge(CreateBridge op);

  void createVethPair(CreateVethPair op);

  void deleteLink(DeleteLink op);

  void deleteLinkGroup(DeleteLinkGroup op);

  void setMtu(SetMtu op);

  void setMac(SetMac op);

  void setAlias(SetAlias op);

  void setGroup(SetGroup op);

  void setUp(SetUp op);

  void setMaster(SetMaster op);

  void setBridgePort(SetBridgePort op);

  void addAddress(AddAddress op);

  void removeAddress(RemoveAddress op);

  void addRoute(AddRoute op);

  void removeRoute(RemoveRoute op);

  void setNeighbour(SetNeighbour op);

  void removeNeighbour(RemoveNeighbour op);

  void addProxyNeighbour(AddProxyNeighbour op);

  void removeProxyNeighbour(RemoveProxyNeighbour op);

  void addFdbEntry(AddFdbEntry op);

  void removeFdbEntry(RemoveFdbEntry op);

  void setSysctl(SetSysctl op);

  void replaceNatTable(ReplaceNatTable op);

  void deleteNatTable(DeleteNatTable op);
}
