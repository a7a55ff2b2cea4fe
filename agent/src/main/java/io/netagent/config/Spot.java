package io.netagent.config;

/** Where a value was written: its location and its path in the document. */
record Spot(Location location, String path) {
  static Spot of(Value<?> value) {
    return new Spot(value.location(), value.path());
  }
}
