package io.netagent.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netagent.config.ConfigException;
import io.netagent.config.ConfigLoader;
import java.nio.charset.StandardCharsets;

/**
 * The configuration loader, YAML and JSON: any text ends in a configuration or a
 * {@link ConfigException} naming its problems, never another exception. The first byte chooses
 * the format (even: YAML, odd: JSON); the rest is the file, as UTF-8. Seeds and past findings:
 * {@code src/test/resources/io/netagent/fuzz/ConfigFuzzTestInputs/}.
 */
class ConfigFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void anyTextLoadsOrIsRefusedWithProblems(byte[] input) {
    boolean json = input.length > 0 && (input[0] & 1) == 1;
    String text = input.length == 0 ? "" : new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
    try {
      ConfigLoader.parse("fuzz." + (json ? "json" : "yaml"), text, json);
    } catch (ConfigException refused) {
      if (refused.problems().isEmpty()) {
        throw new AssertionError("a refusal names no problem", refused);
      }
    }
  }
}
