package io.netagent.linux.nftables;

/** libnftables refused a command buffer; carries the library's own error text. */
public class NftablesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NftablesException(String message) {
    super(message);
  }
}
