package io.netagent.linux.nftables;

import io.netagent.linux.NativeSupport;
import io.netagent.linux.NativeUnavailableException;
import jnr.ffi.Pointer;

/**
 * One libnftables context: JSON in, JSON out, one command buffer = one kernel transaction
 * (one nfnetlink batch, all or nothing).
 *
 * <p>The context opens its netfilter socket when created, in the calling thread's network
 * namespace, and looks interface names up in the calling thread's namespace too: create and use
 * it on that namespace's own thread (docs/kernel-facts.md §5.1). The library has process-global
 * state, so every call, from every context, is serialised behind one lock.
 */
public final class Nftables implements AutoCloseable {
  /** NFT_CTX_OUTPUT_JSON: JSON output, and the only way libnftables parses JSON input. */
  private static final int OUTPUT_JSON = 0x10;
  /**
   * NFT_CTX_OUTPUT_NUMERIC_PROTO: protocols as numbers. By name, each is looked up in
   * /etc/protocols, opened and read again every time (getprotobynumber): 4000 opens to list a
   * thousand published ports.
   */
  private static final int OUTPUT_NUMERIC_PROTO = 0x80;
  private static final Object LIBRARY = new Object();

  private final LibNftables lib;
  private final Pointer ctx;

  private Nftables(LibNftables lib, Pointer ctx) {
    this.lib = lib;
    this.ctx = ctx;
  }

  /**
   * Loads libnftables now, once per process: a host without it is told at start, not at the first
   * NAT read.
   *
   * @throws NativeUnavailableException when it cannot be loaded, naming the package to install
   */
  public static void requireLibrary() {
    Library.get();
  }

  /**
   * A context in the calling thread's network namespace.
   *
   * @throws NativeUnavailableException when libnftables.so.1 cannot be loaded
   */
  public static Nftables open() {
    synchronized (LIBRARY) {
      LibNftables library = Library.get();
      Pointer ctx = library.nft_ctx_new(0);
      if (ctx == null) {
        throw new NftablesException("nft_ctx_new failed");
      }
      library.nft_ctx_output_set_flags(ctx, library.nft_ctx_output_get_flags(ctx) | OUTPUT_JSON | OUTPUT_NUMERIC_PROTO);
      if (library.nft_ctx_buffer_output(ctx) != 0 || library.nft_ctx_buffer_error(ctx) != 0) {
        library.nft_ctx_free(ctx);
        throw new NftablesException("cannot buffer libnftables output");
      }
      return new Nftables(library, ctx);
    }
  }

  /** The binding, loaded when first asked for; a failure is kept and told again to every later caller. */
  private static final class Library {
    private static final LibNftables LOADED;
    private static final String UNAVAILABLE;

    static {
      LibNftables loaded = null;
      String unavailable = null;
      try {
        // The soname, not the development symlink: only libnftables1 is installed on servers.
        loaded = NativeSupport.load(LibNftables.class, "libnftables.so.1", "nftables");
      } catch (NativeUnavailableException e) {
        unavailable = e.getMessage();
      }
      LOADED = loaded;
      UNAVAILABLE = unavailable;
    }

    static LibNftables get() {
      if (LOADED == null) {
        throw new NativeUnavailableException(UNAVAILABLE);
      }
      return LOADED;
    }
  }

  /**
   * Runs one command buffer (JSON) as one transaction and returns what it printed (JSON, or
   * empty for commands that print nothing).
   *
   * @throws NftablesException with libnftables' error text when it refused the buffer; then
   *     nothing of it was committed
   */
  public String run(String commands) {
    synchronized (LIBRARY) {
      int result = lib.nft_run_cmd_from_buffer(ctx, commands);
      // Read both buffers every time: reading rewinds them, and leftovers would show up next time.
      String output = lib.nft_ctx_get_output_buffer(ctx);
      String error = lib.nft_ctx_get_error_buffer(ctx);
      if (result != 0) {
        throw new NftablesException(error == null || error.isBlank() ? "libnftables refused the command" : error.strip());
      }
      return output == null ? "" : output;
    }
  }

  @Override
  public void close() {
    synchronized (LIBRARY) {
      lib.nft_ctx_free(ctx);
    }
  }
}
