package io.netagent.kernel;

import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;

/** Where a probe packet is sent from or captured: an interface of a namespace, or the probe link's outside end. */
public sealed interface ProbePlace permits ProbePlace.Outside, ProbePlace.At {

  /** The throwaway namespace at the far end of the probe link. */
  ProbePlace OUTSIDE = new Outside();

  /** The end of the probe link in its throwaway namespace. */
  record Outside() implements ProbePlace {
    @Override
    public String toString() {
      return "the probe link";
    }
  }

  /** Interface {@code link} of namespace {@code namespace} (the host's, or a container's). */
  record At(NamespaceRef namespace, InterfaceName link) implements ProbePlace {
    @Override
    public String toString() {
      return namespace instanceof NamespaceRef.Host ? link + " in the host" : link + " in " + namespace.display();
    }
  }
}
