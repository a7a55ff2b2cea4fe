package io.netagent.operations;

/** What an operation does to its object, with the symbol the plan prints for it. */
public enum Action {
  CREATE('+'),
  CHANGE('~'),
  DELETE('-');

  private final char symbol;

  Action(char symbol) {
    this.symbol = symbol;
  }

  public char symbol() {
    return symbol;
  }
}
