package io.netagent.config;

import io.netagent.model.Bridge;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6Subnet;
import java.util.Optional;

/**
 * A network as read from the file: its bridge (with ARP proxy entries, without ports or
 * mappings yet), its allocation ranges and isolation, and where its values were written; a
 * defaulted value (or the subnet of a family the network lacks) points at the name.
 */
record NetworkSpec(Value<String> name, Bridge bridge, Optional<Ipv4Subnet> allocate, Optional<Ipv6Subnet> allocate6, boolean isolated,
    Spot bridgeSpot, Spot subnetSpot, Spot subnet6Spot, Spot macSpot) {}
