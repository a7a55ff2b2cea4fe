package io.netagent.kernel;

import io.netagent.model.IpFamily;
import java.util.Set;

/**
 * A base chain on the forward hook of an nftables table netagent does not own that can drop
 * forwarded traffic of {@code families} (an {@code inet} table's, both).
 *
 * @param description in words: {@code "chain ip filter FORWARD (hook forward): policy drop"}
 */
public record ForeignDrop(Set<IpFamily> families, String description) {
  public ForeignDrop {
    families = Set.copyOf(families);
  }
}
