package io.netagent.config;

/** A configuration value with the place it was written, so rule violations can point at it. */
record Value<T>(T value, Location location, String path) {}
