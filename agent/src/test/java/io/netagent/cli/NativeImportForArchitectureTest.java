package io.netagent.cli;

import jnr.ffi.Runtime;

/** A class outside native-bindings that uses jnr-ffi, for {@code ArchitectureTest} to catch. Test code only. */
public final class NativeImportForArchitectureTest {
  private NativeImportForArchitectureTest() {}

  static Runtime runtime() {
    return Runtime.getSystemRuntime();
  }
}
