package io.netagent.observed;

/**
 * The IPv6 address flags netagent looks at (IFA_F_*, docs/kernel-facts.md §11A): netagent adds
 * its IPv6 addresses {@link #NODAD}; an address added without it is {@link #TENTATIVE} until
 * duplicate address detection ends, and unusable for good when DAD found a duplicate
 * ({@link #DADFAILED}).
 */
public enum AddressFlag {
  NODAD("nodad"),
  TENTATIVE("tentative"),
  DADFAILED("dadfailed");

  private final String text;

  AddressFlag(String text) {
    this.text = text;
  }

  @Override
  public String toString() {
    return text;
  }
}
