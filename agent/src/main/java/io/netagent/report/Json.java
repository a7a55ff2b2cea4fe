package io.netagent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The writer of the JSON the commands print ({@code -o json}), made when first used: picocli
 * instantiates every command at start-up, and a mapper in one of them would make every command
 * pay Jackson's start-up (about 60 ms), JSON or not.
 */
final class Json {
  static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}
}
