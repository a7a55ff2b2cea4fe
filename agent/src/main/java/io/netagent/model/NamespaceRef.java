package io.netagent.model;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A network namespace: the one netagent runs in ("host"), a named one under {@code /run/netns}
 * (iproute2's convention, so {@code ip netns} sees it), or any other file that refers to one,
 * such as {@code /proc/PID/ns/net}.
 */
public sealed interface NamespaceRef extends Comparable<NamespaceRef>
    permits NamespaceRef.Host, NamespaceRef.Named, NamespaceRef.AtPath {

  /** Where iproute2 keeps named namespaces. */
  Path NETNS_DIR = Path.of("/run/netns");

  /** The same directory through /var/run, a symlink to /run on current distributions. */
  Path LEGACY_NETNS_DIR = Path.of("/var/run/netns");

  /** The namespace netagent itself runs in. */
  Host HOST = new Host();

  /** How the namespace is shown to users: {@code host}, its name, or its path. */
  String display();

  /**
   * Reads a namespace as written in the configuration: an absolute path, or a name under
   * /run/netns. A path directly under /run/netns is the same thing as its name.
   */
  static NamespaceRef parse(String text) {
    if (text.indexOf('\0') >= 0) {
      throw new ModelException("namespace \"" + text.replace("\0", "\\0") + "\" contains a NUL character");
    }
    if (text.startsWith("/")) {
      Path path = Path.of(text).normalize();
      if (path.getParent() != null && (path.getParent().equals(NETNS_DIR) || path.getParent().equals(LEGACY_NETNS_DIR))) {
        return new Named(path.getFileName().toString());
      }
      return new AtPath(path.toString());
    }
    return new Named(text);
  }

  @Override
  default int compareTo(NamespaceRef o) {
    int rank = Integer.compare(rank(this), rank(o));
    return rank != 0 ? rank : display().compareTo(o.display());
  }

  private static int rank(NamespaceRef ref) {
    return ref instanceof Host ? 0 : ref instanceof Named ? 1 : 2;
  }

  /** The namespace netagent runs in. */
  record Host() implements NamespaceRef {
    @Override
    public String display() {
      return "host";
    }

    @Override
    public String toString() {
      return display();
    }
  }

  /** A namespace bound at {@code /run/netns/NAME}. */
  record Named(String name) implements NamespaceRef {
    public Named {
      String problem = null;
      if (name.isEmpty()) {
        problem = "a namespace name cannot be empty";
      } else if (name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
        problem = "namespace name \"" + name + "\" is not a valid file name under /run/netns";
      } else if (name.getBytes(StandardCharsets.UTF_8).length > 255) {
        problem = "namespace name is longer than 255 bytes";
      }
      if (problem != null) {
        throw new ModelException(problem);
      }
    }

    public Path path() {
      return NETNS_DIR.resolve(name);
    }

    @Override
    public String display() {
      return name;
    }

    @Override
    public String toString() {
      return display();
    }
  }

  /** A namespace reached through some other file, such as {@code /proc/PID/ns/net}. */
  record AtPath(String path) implements NamespaceRef {
    public AtPath {
      if (!path.startsWith("/")) {
        throw new ModelException("namespace path \"" + path + "\" must be absolute");
      }
    }

    @Override
    public String display() {
      return path;
    }

    @Override
    public String toString() {
      return display();
    }
  }
}
