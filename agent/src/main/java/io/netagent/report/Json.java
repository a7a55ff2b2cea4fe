package io.netagent.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The writer of the JSON netagent prints ({@code -o json}) and serves (the live API), made when
 * first used: picocli instantiates every command at start-up, and a mapper in one of them would
 * make every command pay Jackson's start-up (about 60 ms), JSON or not.
 */
public final class Json {
  public static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}
}
