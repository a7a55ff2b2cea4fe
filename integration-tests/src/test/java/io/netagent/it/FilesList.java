package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * systemd/files.list, the one list of what goes where that systemd/install.sh installs and the
 * Debian package is made of, read independently of both, with each directory line expanded to the
 * files the checkout's build made there.
 */
final class FilesList {
  /** One installed file: its absolute path, its mode (octal, as {@code stat -c %a} prints it) and whether it is a conffile. */
  record Entry(String dest, String mode, boolean conffile) {}

  private FilesList() {}

  /** Every file the list installs, for the checkout at {@code root}. */
  static List<Entry> read(Path root) {
    List<Entry> entries = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(root.resolve("systemd/files.list"))) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.trim().split("\\s+");
        assertThat(f.length).as("files.list line %s: SOURCE DEST MODE [FLAG]", line).isBetween(3, 4);
        String flag = f.length == 4 ? f[3] : "";
        String mode = f[2].replaceFirst("^0", "");
        if (f[0].endsWith("/")) {
          try (Stream<Path> files = Files.list(root.resolve(f[0]))) {
            for (Path file : files.sorted().toList()) {
              entries.add(new Entry(f[1] + file.getFileName() + (flag.equals("gzip") ? ".gz" : ""), mode, false));
            }
          }
        } else {
          entries.add(new Entry(f[1], mode, flag.equals("conffile")));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  /** The package the build made: debian/target/netagent_VERSION_ARCH.deb, the only one there. */
  static Path debianPackage(Path root) {
    try (Stream<Path> files = Files.list(root.resolve("debian/target"))) {
      List<Path> debs = files.filter(p -> p.getFileName().toString().matches("netagent_.*\\.deb")).toList();
      assertThat(debs).as("the package in debian/target (built by ./mvnw package)").hasSize(1);
      return debs.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
