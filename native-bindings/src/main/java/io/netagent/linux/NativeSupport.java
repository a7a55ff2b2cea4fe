package io.netagent.linux;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/**
 * Loads a native library eagerly, so that a host without it is told at once, in one line naming
 * the library and the Debian package that provides it. jnr-ffi binds lazily unless told
 * otherwise: a missing library would surface only at the first call into it (for libnftables,
 * deep in the first observation) as an UnsatisfiedLinkError carrying the stack of the load.
 *
 * <p>Every library also needs jnr-ffi's own stub (jffi), which it unpacks into
 * {@code -Djffi.extract.dir} (else java.io.tmpdir) and loads from there. When that fails, no
 * library can be loaded, and the message says so rather than blaming the library.
 */
public final class NativeSupport {
  private NativeSupport() {}

  /**
   * The binding of {@code soname}, every function resolved now.
   *
   * @param debianPackage the package that installs {@code soname}, for the message
   * @throws NativeUnavailableException when the library, or jnr-ffi's stub, cannot be loaded
   */
  public static <T> T load(Class<T> binding, String soname, String debianPackage) {
    try {
      // An invalid runtime (no stub) answers its first question with the stub's failure.
      Runtime.getSystemRuntime().addressSize();
    } catch (UnsatisfiedLinkError e) {
      throw new NativeUnavailableException("jnr-ffi cannot load its native stub (" + firstLine(deepest(e).getMessage())
          + "): the directory it unpacks it into (-Djffi.extract.dir, else java.io.tmpdir) must be writable and allow executing files");
    }
    try {
      return LibraryLoader.create(binding).failImmediately().load(soname);
    } catch (UnsatisfiedLinkError e) {
      // dlopen's text starts with the name it was given; jnr-ffi adds the paths it searched on further lines.
      String reason = firstLine(e.getMessage());
      reason = reason.startsWith(soname + ": ") ? reason.substring(soname.length() + 2) : reason;
      throw new NativeUnavailableException(soname + " cannot be loaded (" + reason + "): install Debian's " + debianPackage
          + " package (apt-get install " + debianPackage + ")");
    }
  }

  private static Throwable deepest(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static String firstLine(String text) {
    return text == null ? "no reason given" : text.lines().findFirst().orElse("no reason given");
  }
}
