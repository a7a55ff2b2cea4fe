package io.netagent.config;

import io.netagent.model.DesiredState;

/**
 * A configuration that passed every check.
 *
 * @param source where it came from, for messages: a path, or "built-in example"
 */
public record LoadedConfig(String source, DesiredState state) {}
