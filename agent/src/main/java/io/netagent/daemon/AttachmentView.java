package io.netagent.daemon;

import io.netagent.model.Container;

/**
 * An attachment as the API shows it.
 *
 * @param id the runtime's identifier
 * @param container the container it declares, with its (possibly allocated) address
 * @param ipAllocated whether netagent chose the address
 * @param ip6Allocated whether netagent chose the IPv6 address
 * @param created when it was made (ISO-8601)
 * @param state converged, absent (namespace gone), differs, missing, or blocked (from the latest pass)
 */
public record AttachmentView(String id, Container container, boolean ipAllocated, boolean ip6Allocated, String created, String state) {}
