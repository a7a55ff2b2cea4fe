package io.netagent.config;

import io.netagent.model.Bridge;

/**
 * A network as read from the file: its bridge (with ARP proxy entries, without ports or
 * mappings yet) and where its values were written.
 */
record NetworkSpec(Value<String> name, Bridge bridge, Location bridgeLocation, Location subnetLocation, Location macLocation) {}
