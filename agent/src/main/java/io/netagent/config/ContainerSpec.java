package io.netagent.config;

import io.netagent.model.Container;

/** A container as read from the file, with where its values were written; a defaulted value points at the name. */
record ContainerSpec(Value<String> name, Container container, Spot ipSpot, Spot macSpot, Spot hostInterfaceSpot, Spot namespaceSpot) {}
