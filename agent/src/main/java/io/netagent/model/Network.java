package io.netagent.model;

/** A declared network: its name and the bridge that realises it. */
public record Network(String name, Bridge bridge) {
  public Network {
    ObjectName.requireValid("network", name);
  }
}
