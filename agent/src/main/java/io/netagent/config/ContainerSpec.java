package io.netagent.config;

import io.netagent.model.Container;

/**
 * A container as read from the file, with where its values were written; a defaulted value (an
 * allocated ip6, an address of a family the network lacks) points at the name.
 */
record ContainerSpec(Value<String> name, Container container, Spot ipSpot, Spot ip6Spot, Spot macSpot, Spot hostInterfaceSpot,
    Spot namespaceSpot) {}
