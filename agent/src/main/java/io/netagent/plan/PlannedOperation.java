package io.netagent.plan;

import io.netagent.operations.Operation;

/** One operation of a plan and whom it belongs to. */
public record PlannedOperation(Operation operation, Owner owner) {}
