package io.netagent.metrics;

/**
 * The packets and bytes the kernel counted for one published port of one container, over one
 * family ({@code ipv4}, {@code ipv6}); the labels of the {@code netagent_published_port_*}
 * counters.
 *
 * @param hostIp the host address the port is bound to, or the family's unspecified address
 *     ({@code 0.0.0.0}, {@code ::}) when it is published on every address
 */
public record PortCount(String network, String container, String protocol, String family, String hostIp, int hostPort, long packets,
    long bytes) {}
