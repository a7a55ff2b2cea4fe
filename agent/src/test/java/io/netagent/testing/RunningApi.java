package io.netagent.testing;

import io.netagent.api.ApiClient;
import io.netagent.api.ApiResponse;
import io.netagent.api.ApiServer;
import io.netagent.api.ApiSocket;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An API server on a {@link FakeAgentService}, listening in a state directory of the test's, and
 * a client to it. Close it after the test.
 */
public final class RunningApi implements AutoCloseable {
  public final FakeAgentService service = new FakeAgentService();
  public final Path stateDir;
  public final ApiServer server;
  public final ApiClient client;

  public RunningApi(Path stateDir) {
    this.stateDir = stateDir;
    this.server = ApiServer.start(ApiSocket.path(stateDir), service, Optional.empty());
    this.client = new ApiClient(server.socket());
  }

  public ApiResponse send(String method, String target, String body) {
    return client.exchange(method, target, body);
  }

  @Override
  public void close() {
    server.close();
  }
}
