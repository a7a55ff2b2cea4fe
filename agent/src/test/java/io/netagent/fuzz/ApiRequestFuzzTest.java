package io.netagent.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netagent.cni.CniException;
import io.netagent.cni.CniRequest;
import io.netagent.config.AttachmentRequestException;
import io.netagent.config.AttachmentRequests;
import io.netagent.config.ConfigLoader;
import io.netagent.config.NetworkRequests;
import io.netagent.model.DesiredState;
import java.nio.charset.StandardCharsets;

/**
 * The live API's request bodies: an attachment, a network, a CNI call. Any body is accepted or
 * refused with the request error the API answers with, never another exception. The first byte
 * chooses the parser (0: attachment, 1: network, 2: CNI call, modulo 3); the rest is the body, as
 * UTF-8. Seeds and past findings: {@code src/test/resources/io/netagent/fuzz/ApiRequestFuzzTestInputs/}.
 */
class ApiRequestFuzzTest {
  private static final DesiredState DECLARED = ConfigLoader.loadExample().state();

  @FuzzTest(maxDuration = "60s")
  void anyBodyIsAcceptedOrRefusedAsARequestError(byte[] input) {
    int kind = input.length == 0 ? 0 : (input[0] & 0xff) % 3;
    String body = input.length == 0 ? "" : new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
    try {
      switch (kind) {
        case 0 -> AttachmentRequests.resolve(body, DECLARED, AttachmentRequests.Allocated.NONE);
        case 1 -> NetworkRequests.resolve(body, DECLARED);
        default -> CniRequest.parse(body);
      }
    } catch (AttachmentRequestException | CniException refused) {
      if (refused.getMessage() == null || refused.getMessage().isBlank()) {
        throw new AssertionError("a refusal without a message", refused);
      }
    }
  }
}
