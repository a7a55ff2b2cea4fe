package io.netagent.model;

import io.netagent.plan.Plan;

/** A model class that imports the planner: the wrong way, for {@code ArchitectureTest} to catch. Test code only. */
public final class WrongWayImportForArchitectureTest {
  private WrongWayImportForArchitectureTest() {}

  static int operations(Plan plan) {
    return plan.operations().size();
  }
}
