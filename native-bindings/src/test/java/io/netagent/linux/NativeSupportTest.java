package io.netagent.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A missing library is one line naming it and the package to install, told when it is loaded, not at its first call. */
class NativeSupportTest {
  /** A binding of a library no host has. */
  public interface Absent {
    int absent_function(int x);
  }

  /** A binding of libc, which every host has. */
  public interface Present {
    int getpid();
  }

  @Test
  void aMissingLibraryIsOneLineNamingItAndItsPackage() {
    assertThatThrownBy(() -> NativeSupport.load(Absent.class, "libnetagent-absent.so.1", "netagent-absent"))
        .isInstanceOf(NativeUnavailableException.class)
        .hasMessage("libnetagent-absent.so.1 cannot be loaded (cannot open shared object file: No such file or directory): "
            + "install Debian's netagent-absent package (apt-get install netagent-absent)");
  }

  @Test
  void aLibraryThatIsThereIsBoundAtOnce() {
    assertThat(NativeSupport.load(Present.class, "c", "libc6").getpid()).isEqualTo((int) ProcessHandle.current().pid());
  }
}
