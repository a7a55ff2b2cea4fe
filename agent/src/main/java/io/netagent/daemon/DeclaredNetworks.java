package io.netagent.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.netagent.config.AttachmentRequestException;
import io.netagent.config.NetworkRequests;
import io.netagent.model.DesiredState;
import io.netagent.model.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The networks declared through the API (a CNI configuration that defines its network inline),
 * kept in step with their {@link RecordStore}: saved before they are in force, restored before
 * the attachments on them. netagent owns such a network like one of the file; it goes with the
 * last attachment on it. Used by the daemon's loop thread only.
 */
final class DeclaredNetworks {
  /** One declared network and the request that declared it. */
  record Declared(Network network, JsonNode request) {}

  private final RecordStore store;
  private final Map<String, Declared> byName = new LinkedHashMap<>();

  private DeclaredNetworks(RecordStore store) {
    this.store = store;
  }

  /** Restores the saved networks on top of {@code file}; one that no longer fits is set aside and reported. */
  static DeclaredNetworks restore(RecordStore store, DesiredState file, Consumer<String> report) {
    DeclaredNetworks networks = new DeclaredNetworks(store);
    RecordStore.Loaded loaded = store.load();
    loaded.setAside().forEach(s -> report.accept("network file " + s));
    DesiredState state = file;
    for (RecordStore.Saved saved : loaded.attachments()) {
      try {
        Network network = NetworkRequests.resolve(saved.request().toString(), state);
        if (state.network(network.name()).isPresent()) {
          throw new AttachmentRequestException(AttachmentRequestException.Why.CLASH, List.of());
        }
        state = state.withNetwork(network);
        networks.byName.put(network.name(), new Declared(network, saved.request()));
      } catch (AttachmentRequestException e) {
        store.delete(saved.id());
        store.save(saved, ".rejected");
        report.accept("network " + saved.id() + " is not restored, it no longer fits the configuration: " + Attachments.summary(e.problems())
            + "; its file was moved to " + saved.id() + ".json.rejected");
      }
    }
    return networks;
  }

  /** {@code file} with the networks saved under {@code dataDir}, read without changing anything. */
  static DesiredState peek(Path dataDir, DesiredState file) {
    if (!Files.isDirectory(dataDir.resolve(RecordStore.NETWORKS))) {
      return file;
    }
    DesiredState state = file;
    for (RecordStore.Saved saved : RecordStore.open(dataDir, RecordStore.NETWORKS).readable()) {
      try {
        Network network = NetworkRequests.resolve(saved.request().toString(), state);
        state = state.network(network.name()).isPresent() ? state : state.withNetwork(network);
      } catch (AttachmentRequestException e) {
        // Not restorable: a daemon would set it aside and say so.
      }
    }
    return state;
  }

  /** {@code file} with every declared network. */
  DesiredState onTopOf(DesiredState file) {
    DesiredState state = file;
    for (Declared d : byName.values()) {
      state = state.withNetwork(d.network());
    }
    return state;
  }

  /** The problems a new configuration file has with the declared networks, one line each; empty when all fit. */
  List<String> clashesWith(DesiredState file) {
    List<String> problems = new ArrayList<>();
    DesiredState state = file;
    for (Declared d : byName.values()) {
      try {
        Network network = NetworkRequests.resolve(d.request().toString(), state);
        if (state.network(network.name()).isPresent()) {
          problems.add("network " + network.name() + ": the file declares a network of that name");
        } else {
          state = state.withNetwork(network);
        }
      } catch (AttachmentRequestException e) {
        problems.add("network " + d.network().name() + ": " + Attachments.summary(e.problems()));
      }
    }
    return problems;
  }

  Optional<Declared> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Saves the network durably, then puts it in force. */
  void add(Network network, JsonNode request) {
    store.save(new RecordStore.Saved(network.name(), request, Optional.empty(), Optional.empty(), Instant.now().toString()));
    byName.put(network.name(), new Declared(network, request));
  }

  /** Deletes its file durably, then takes it out of force. */
  void remove(String name) {
    store.delete(name);
    byName.remove(name);
  }
}
