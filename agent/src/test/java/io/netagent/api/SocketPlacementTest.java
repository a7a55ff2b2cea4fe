package io.netagent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netagent.testing.FakeAgentService;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API socket's file: its mode and group, a stale one replaced, a live one left alone, removed on close. */
class SocketPlacementTest {
  @TempDir
  Path dir;

  private final FakeAgentService service = new FakeAgentService();

  private static PosixFileAttributes attributes(Path path) throws Exception {
    return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void theSocketIsForRootOnlyAndItsDirectoryIsMadeIfMissing() throws Exception {
    Path socket = dir.resolve("run/netagent/netagent.sock");
    try (ApiServer server = ApiServer.start(socket, service, Optional.empty())) {
      assertThat(attributes(socket).isOther()).as("a socket").isTrue();
      assertThat(PosixFilePermissions.toString(attributes(socket).permissions())).isEqualTo("rw-------");
      assertThat(Files.list(socket.getParent())).as("no private directory left behind").containsExactly(socket);
      assertThat(new ApiClient(socket).call("GET", "/networks", null).status()).isEqualTo(200);
    }
    assertThat(socket).doesNotExist();
  }

  @Test
  void withAGroupTheSocketIsForThatGroupToo() throws Exception {
    GroupPrincipal group = attributes(dir).group();
    Path socket = dir.resolve("netagent.sock");
    try (ApiServer server = ApiServer.start(socket, service, Optional.of(group.getName()))) {
      assertThat(PosixFilePermissions.toString(attributes(socket).permissions())).isEqualTo("rw-rw----");
      assertThat(attributes(socket).group()).isEqualTo(group);
    }
  }

  @Test
  void anUnknownGroupIsRefusedLeavingNothing() {
    Path socket = dir.resolve("netagent.sock");
    assertThatThrownBy(() -> ApiServer.start(socket, service, Optional.of("no-such-group-netagent")))
        .isInstanceOf(ApiStartException.class).hasMessage("cannot listen on " + socket + ": there is no group no-such-group-netagent");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void aStaleSocketOfAKilledDaemonIsReplaced() throws Exception {
    Path socket = dir.resolve("netagent.sock");
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket));
    }
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rwxrwxrwx"));

    try (ApiServer server = ApiServer.start(socket, service, Optional.empty())) {
      assertThat(PosixFilePermissions.toString(attributes(socket).permissions())).isEqualTo("rw-------");
      assertThat(new ApiClient(socket).call("GET", "/networks", null).status()).isEqualTo(200);
    }
  }

  @Test
  void aSecondServerDoesNotTakeTheSocketOfALiveOne() {
    Path socket = dir.resolve("netagent.sock");
    try (ApiServer first = ApiServer.start(socket, service, Optional.empty())) {
      assertThatThrownBy(() -> ApiServer.start(socket, service, Optional.empty())).isInstanceOf(ApiStartException.class)
          .hasMessageContaining("another server answers there");
      assertThat(new ApiClient(socket).call("GET", "/networks", null).status()).isEqualTo(200);
    }
  }
}
