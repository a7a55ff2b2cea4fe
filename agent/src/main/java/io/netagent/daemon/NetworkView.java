package io.netagent.daemon;

import io.netagent.model.Network;
import java.util.List;

/**
 * A network as the API shows it.
 *
 * @param containers the names of the containers on it, from the file and attachments
 * @param state converged, differs, missing or blocked (from the latest pass)
 */
public record NetworkView(Network network, List<String> containers, String state) {}
