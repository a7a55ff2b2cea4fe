package io.netagent.api;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts the API socket at its path without it ever being reachable with wider permissions than
 * intended. The server binds inside a fresh private directory (mode 0700, beside the final path,
 * so on the same file system); there the socket gets its mode (0600, or 0660 and the group) and
 * then is renamed over the final path in one step, which also replaces a stale socket a killed
 * daemon left. Binding at the final path instead would expose the socket with the umask's
 * permissions until the chmod.
 */
final class SocketPlacement {
  private final Path socket;
  private final Optional<GroupPrincipal> group;
  private final Path privateDir;
  private Object publishedKey;

  private SocketPlacement(Path socket, Optional<GroupPrincipal> group, Path privateDir) {
    this.socket = socket;
    this.group = group;
    this.privateDir = privateDir;
  }

  /**
   * Prepares to place a socket at {@code socket}, creating its directory if missing. Fails when
   * the group is unknown or a server already answers there (a second daemon must not steal it).
   */
  static SocketPlacement prepare(Path socket, Optional<String> groupName) {
    Path parent = socket.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
      Optional<GroupPrincipal> group = groupName.isEmpty() ? Optional.empty()
          : Optional.of(parent.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(groupName.get()));
      if (answers(socket)) {
        throw new ApiStartException("cannot listen on " + socket + ": another server answers there (is a netagent daemon already running?)");
      }
      Path dir = Files.createTempDirectory(parent, "." + socket.getFileName() + ".",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      return new SocketPlacement(socket.toAbsolutePath(), group, dir);
    } catch (UserPrincipalNotFoundException e) {
      throw new ApiStartException("cannot listen on " + socket + ": there is no group " + groupName.get());
    } catch (IOException e) {
      throw new ApiStartException("cannot listen on " + socket + ": " + describe(e), e);
    }
  }

  /** Where the server binds first: inside the private directory. */
  Path bindPath() {
    return privateDir.resolve(socket.getFileName());
  }

  /** Gives the bound socket its mode and group, then moves it to its final path. */
  void publish() {
    Path bound = bindPath();
    try {
      PosixFileAttributeView view = Files.getFileAttributeView(bound, PosixFileAttributeView.class);
      if (group.isPresent()) {
        view.setGroup(group.get());
      }
      view.setPermissions(PosixFilePermissions.fromString(group.isPresent() ? "rw-rw----" : "rw-------"));
      Files.move(bound, socket, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      publishedKey = Files.readAttributes(socket, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      throw new ApiStartException("cannot listen on " + socket + ": " + describe(e), e);
    } finally {
      removePrivateDir();
    }
  }

  /** Removes the socket, unless another server has since put its own there. */
  void remove() throws IOException {
    removePrivateDir();
    if (publishedKey != null && Files.exists(socket)
        && Objects.equals(publishedKey, Files.readAttributes(socket, BasicFileAttributes.class).fileKey())) {
      Files.delete(socket);
    }
  }

  private void removePrivateDir() {
    try {
      Files.deleteIfExists(bindPath());
      Files.deleteIfExists(privateDir);
    } catch (IOException e) {
      // Only an empty private directory stays; the next start makes a fresh one.
    }
  }

  /** What the file system refused, without the exception's class name. */
  static String describe(IOException e) {
    if (e instanceof AccessDeniedException denied) {
      return "permission denied on " + denied.getFile();
    }
    if (e instanceof FileSystemException fs) {
      return fs.getFile() + ": " + (fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName());
    }
    return e.getMessage();
  }

  private static boolean answers(Path socket) {
    if (!Files.exists(socket)) {
      return false;
    }
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      return channel.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      return false;
    }
  }
}
