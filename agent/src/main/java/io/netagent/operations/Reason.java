package io.netagent.operations;

/** Why the planner chose an operation. */
public sealed interface Reason permits Reason.Missing, Reason.Differs, Reason.Undeclared, Reason.Withdrawn {

  Missing MISSING = new Missing();
  Undeclared UNDECLARED = new Undeclared();

  /** A short machine-readable kind: missing, differs, undeclared. */
  String kind();

  /** The reason in words, for the plan. */
  String text();

  static Differs differs(String field, Object was, Object wants) {
    return new Differs(field, String.valueOf(was), String.valueOf(wants));
  }

  /** Declared but not in the kernel. */
  record Missing() implements Reason {
    @Override
    public String kind() {
      return "missing";
    }

    @Override
    public String text() {
      return "missing";
    }
  }

  /** In the kernel, but one field is not what the configuration says. */
  record Differs(String field, String was, String wants) implements Reason {
    @Override
    public String kind() {
      return "differs";
    }

    @Override
    public String text() {
      return field + " was " + was + ", wants " + wants;
    }
  }

  /** Owned by netagent but no longer declared. */
  record Undeclared() implements Reason {
    @Override
    public String kind() {
      return "undeclared";
    }

    @Override
    public String text() {
      return "owned by netagent, not declared";
    }
  }

  /** Declared, but its container is absent (its namespace is gone): what it left on the host goes. */
  record Withdrawn(String why) implements Reason {
    @Override
    public String kind() {
      return "withdrawn";
    }

    @Override
    public String text() {
      return "container absent: " + why;
    }
  }
}
