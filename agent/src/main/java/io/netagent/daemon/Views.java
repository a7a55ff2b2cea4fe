package io.netagent.daemon;

import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.Network;
import io.netagent.plan.Absence;
import io.netagent.plan.Conflict;
import io.netagent.plan.Owner;
import io.netagent.plan.Plan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the API shows of attachments and networks, rebuilt by the loop after each pass and read
 * by any thread: an immutable snapshot.
 *
 * @param absent each absent container, in words
 * @param blocked each conflict, in words
 */
record Views(Map<String, AttachmentView> attachments, List<NetworkView> networks, List<String> absent, List<String> blocked) {
  static final Views EMPTY = new Views(Map.of(), List.of(), List.of(), List.of());

  /**
   * @param plan the latest pass's plan (its absences and conflicts still hold after it), or null before the first
   * @param failed whether the latest pass failed: then nothing is known converged
   */
  static Views of(DesiredState desired, List<Attachments.Attachment> attachments, Plan plan, boolean failed) {
    Map<Owner, String> states = new HashMap<>();
    List<String> absent = new ArrayList<>();
    List<String> blocked = new ArrayList<>();
    if (plan != null) {
      for (Absence a : plan.absences()) {
        states.put(a.owner(), "absent (" + a.reason() + ")");
        absent.add(a.toString());
      }
      for (Conflict c : plan.conflicts()) {
        states.putIfAbsent(c.owner(), "blocked: " + c);
        blocked.add(c.owner() + ": " + c);
      }
    }
    String otherwise = plan == null ? "pending" : failed ? "unknown (the latest reconcile failed)" : "converged";
    Map<String, AttachmentView> views = new LinkedHashMap<>();
    for (Attachments.Attachment a : attachments) {
      String state = states.getOrDefault(Owner.container(a.container().name()), otherwise);
      views.put(a.id(), new AttachmentView(a.id(), a.container(), a.allocated().ip().isPresent(), a.allocated().ip6().isPresent(), a.created(),
          state));
    }
    Map<String, List<String>> members = new LinkedHashMap<>();
    desired.networks().forEach(n -> members.put(n.name(), new ArrayList<>()));
    for (Container c : desired.containers()) {
      members.get(c.network()).add(c.name());
    }
    List<NetworkView> networks = new ArrayList<>();
    for (Network n : desired.networks()) {
      networks.add(new NetworkView(n, List.copyOf(members.get(n.name())), states.getOrDefault(Owner.network(n.name()), otherwise)));
    }
    return new Views(Collections.unmodifiableMap(views), List.copyOf(networks), List.copyOf(absent), List.copyOf(blocked));
  }
}
