package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Debian package (debian/) and systemd/install.sh install the same files, those of
 * systemd/files.list, with the same modes; the package says what it needs; Debian's lintian finds
 * no error in it. The package is read with dpkg-deb, install.sh run into a throwaway root.
 * Installing, upgrading and purging it on a systemd host: {@link SystemdServiceIT}.
 */
class DebianPackageIT {
  private static final Path ROOT = Path.of(System.getProperty("netagent.root"));
  private static final Path DEB = FilesList.debianPackage(ROOT);

  /** Path to mode of every regular file in {@code dpkg-deb -c}'s listing ("-rwxr-xr-x root/root 48568 2026-11-25 00:00 ./usr/bin/netagent"). */
  private static Map<String, String> packagedFiles() {
    Map<String, String> files = new TreeMap<>();
    for (String line : Sh.ok("dpkg-deb", "-c", DEB.toString()).split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f[0].startsWith("-")) {
        assertThat(f[1]).as("owner of %s", f[5]).isEqualTo("root/root");
        files.put(f[5].substring(1), Integer.toOctalString(permissions(f[0])));
      }
    }
    return files;
  }

  private static int permissions(String rwx) {
    int mode = 0;
    for (char c : rwx.substring(1, 10).toCharArray()) {
      mode = mode << 1 | (c == '-' ? 0 : 1);
    }
    return mode;
  }

  @Test
  void thePackageHoldsEveryFileOfTheListWithItsModeAndOnlyDebiansOwnBesides() {
    Map<String, String> packaged = packagedFiles();
    List<FilesList.Entry> listed = FilesList.read(ROOT);
    assertThat(listed).extracting(FilesList.Entry::dest).contains("/usr/bin/netagent", "/usr/lib/netagent/netagent.jar",
        "/usr/lib/cni/netagent", "/opt/cni/bin/netagent", "/etc/netagent/netagent.yaml", "/usr/share/man/man8/netagent.8.gz",
        "/usr/share/bash-completion/completions/netagent", "/usr/lib/systemd/system/netagent.service");
    for (FilesList.Entry e : listed) {
      assertThat(packaged).as("the package's %s", e.dest()).containsEntry(e.dest(), e.mode());
    }
    Map<String, String> besides = new TreeMap<>(packaged);
    listed.forEach(e -> besides.remove(e.dest()));
    assertThat(besides.keySet()).as("what only the package has").containsExactly("/usr/share/doc/netagent/changelog.gz",
        "/usr/share/doc/netagent/copyright", "/usr/share/lintian/overrides/netagent");
    // The conffiles are the list's, so an operator's edit survives an upgrade.
    String conffiles = Sh.ok("sh", "-c", "dpkg-deb --ctrl-tarfile '" + DEB + "' | tar -xO ./conffiles");
    assertThat(conffiles.lines().toList())
        .isEqualTo(listed.stream().filter(FilesList.Entry::conffile).map(FilesList.Entry::dest).toList());
  }

  @Test
  void installShInstallsExactlyTheList() throws IOException {
    Path root = Files.createTempDirectory("netagent-install-root");
    try {
      Sh.ok(ROOT.resolve("systemd/install.sh").toString(), "--root", root.toString(), "--no-reload");
      Map<String, String> installed;
      try (Stream<Path> files = Files.walk(root)) {
        installed = files.filter(Files::isRegularFile).collect(Collectors.toMap(p -> "/" + root.relativize(p),
            p -> Sh.ok("stat", "-c", "%a", p.toString()).strip(), (a, b) -> a, TreeMap::new));
      }
      Map<String, String> listed = new TreeMap<>();
      FilesList.read(ROOT).forEach(e -> listed.put(e.dest(), e.mode()));
      assertThat(installed).isEqualTo(listed);
    } finally {
      try (Stream<Path> files = Files.walk(root)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void theControlFileNamesWhatItNeedsAndTheArchitectureOfItsPlugin() {
    String control = Sh.ok("dpkg-deb", "-f", DEB.toString());
    assertThat(control).contains("Package: netagent\n", "Depends: openjdk-17-jre-headless | java17-runtime-headless, libnftables1, libc6")
        .contains("netagent down");
    // The plugin is compiled for the build machine: the package is for its architecture, not "all".
    assertThat(Sh.ok("dpkg-deb", "-f", DEB.toString(), "Architecture").strip()).isEqualTo(Sh.ok("dpkg", "--print-architecture").strip());
    assertThat(DEB.getFileName().toString()).isEqualTo("netagent_" + Sh.ok("dpkg-deb", "-f", DEB.toString(), "Version").strip() + "_"
        + Sh.ok("dpkg", "--print-architecture").strip() + ".deb");
  }

  @Test
  void lintianFindsNoError() {
    // lintian exits non-zero for an error (--fail-on error); the E: lines name each one.
    Processes.Result r = Sh.run("lintian", "--fail-on", "error", DEB.toString());
    assertThat(r.out()).as("lintian %s", DEB).doesNotContainPattern("(?m)^E: ");
    assertThat(r.code()).as("lintian's exit code\n%s%s", r.out(), r.err()).isZero();
  }
}
