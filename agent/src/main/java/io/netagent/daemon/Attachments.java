package io.netagent.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netagent.config.AttachmentRequestException;
import io.netagent.config.AttachmentRequests;
import io.netagent.config.AttachmentRequests.Allocated;
import io.netagent.config.ConfigProblem;
import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.Ipv4Address;
import io.netagent.model.Ipv6Address;
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
 * The attachments in force, in the order they were made, kept in step with their
 * {@link RecordStore}: an attachment is saved durably before it is in force here, and
 * removed here only once its file is gone. Used by the daemon's loop thread only.
 */
final class Attachments {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One attachment.
   *
   * @param allocated the addresses netagent chose for it
   * @param request the body it was made with, to tell a retry from a different request
   */
  record Attachment(String id, Container container, Allocated allocated, String created, JsonNode request) {}

  private final RecordStore store;
  private final Map<String, Attachment> byId = new LinkedHashMap<>();

  private Attachments(RecordStore store) {
    this.store = store;
  }

  /**
   * Restores every saved attachment on top of {@code file}. One that cannot be read, or that no
   * longer fits (the file now declares its name or port), is set aside and reported through
   * {@code report}, and the others are restored.
   */
  static Attachments restore(RecordStore store, DesiredState file, Consumer<String> report) {
    Attachments attachments = new Attachments(store);
    RecordStore.Loaded loaded = store.load();
    loaded.setAside().forEach(s -> report.accept("attachment file " + s));
    DesiredState state = file;
    for (RecordStore.Saved saved : loaded.attachments()) {
      try {
        AttachmentRequests.Resolved resolved = AttachmentRequests.resolve(saved.request().toString(), state, allocated(saved));
        state = state.withContainer(resolved.container());
        attachments.byId.put(saved.id(), new Attachment(saved.id(), resolved.container(), resolved.allocated(), saved.created(),
            saved.request()));
      } catch (AttachmentRequestException e) {
        store.delete(saved.id());
        store.save(saved, ".rejected");
        report.accept("attachment " + saved.id() + " is not restored, it no longer fits the configuration: " + summary(e.problems())
            + "; its file was moved to " + saved.id() + ".json.rejected");
      }
    }
    return attachments;
  }

  /**
   * {@code file} with the containers of the attachments saved under {@code dataDir}, read without
   * changing anything (a file that cannot be used is skipped, not moved): what a daemon would
   * restore, for commands that run without one.
   */
  static DesiredState peek(Path dataDir, DesiredState file) {
    if (!Files.isDirectory(dataDir.resolve(RecordStore.DIRECTORY))) {
      return file;
    }
    DesiredState state = file;
    for (RecordStore.Saved saved : RecordStore.open(dataDir).readable()) {
      try {
        state = state.withContainer(AttachmentRequests.resolve(saved.request().toString(), state, allocated(saved)).container());
      } catch (AttachmentRequestException e) {
        // Not restorable: a daemon would set it aside and say so.
      }
    }
    return state;
  }

  /** {@code file}'s networks and containers, and every attachment's container. */
  DesiredState onTopOf(DesiredState file) {
    DesiredState state = file;
    for (Attachment a : byId.values()) {
      state = state.withContainer(a.container());
    }
    return state;
  }

  /**
   * Checks every attachment against a new configuration file, as a reload must: none may be
   * dropped by it.
   *
   * @return the problems, one line per attachment that would no longer fit; empty when all fit
   */
  List<String> clashesWith(DesiredState file) {
    List<String> problems = new ArrayList<>();
    DesiredState state = file;
    for (Attachment a : byId.values()) {
      try {
        state = state.withContainer(AttachmentRequests.resolve(a.request().toString(), state, a.allocated()).container());
      } catch (AttachmentRequestException e) {
        problems.add("attachment " + a.id() + ": " + summary(e.problems()));
      }
    }
    return problems;
  }

  Optional<Attachment> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  List<Attachment> all() {
    return List.copyOf(byId.values());
  }

  int size() {
    return byId.size();
  }

  /** Saves the resolved request durably, then puts it in force. */
  Attachment add(AttachmentRequests.Resolved resolved, JsonNode request) {
    String created = Instant.now().toString();
    Allocated allocated = resolved.allocated();
    store.save(new RecordStore.Saved(resolved.id(), request, allocated.ip().map(Object::toString), allocated.ip6().map(Object::toString),
        created));
    Attachment attachment = new Attachment(resolved.id(), resolved.container(), allocated, created, request);
    byId.put(resolved.id(), attachment);
    return attachment;
  }

  /** Deletes the file durably, then takes the attachment out of force. */
  void remove(String id) {
    store.delete(id);
    byId.remove(id);
  }

  /** The addresses a saved attachment was given. */
  private static Allocated allocated(RecordStore.Saved saved) {
    return new Allocated(saved.ip().map(Ipv4Address::parse), saved.ip6().map(Ipv6Address::parse));
  }

  /** The request body as a tree, or empty when it is not JSON (the resolver then says why). */
  static Optional<JsonNode> parse(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return Optional.ofNullable(node);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  static String summary(List<ConfigProblem> problems) {
    return String.join("; ", problems.stream().map(p -> p.path().isEmpty() ? p.message() : p.path() + ": " + p.message()).toList());
  }
}
