package io.netagent.linux.nftables;

import jnr.ffi.Pointer;

/** The libnftables functions netagent calls (libnftables.h, nftables 1.0.6), used only through {@link Nftables}. */
public interface LibNftables {
  Pointer nft_ctx_new(int flags);

  void nft_ctx_free(Pointer ctx);

  int nft_ctx_output_get_flags(Pointer ctx);

  void nft_ctx_output_set_flags(Pointer ctx, int flags);

  int nft_ctx_buffer_output(Pointer ctx);

  int nft_ctx_buffer_error(Pointer ctx);

  String nft_ctx_get_output_buffer(Pointer ctx);

  String nft_ctx_get_error_buffer(Pointer ctx);

  int nft_run_cmd_from_buffer(Pointer ctx, String buffer);
}
