package io.netagent.shim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CniRequestTest {
  @Test
  void theBodyEscapesEnvironmentValuesAndEmbedsTheConfigurationAsItCame() {
    String config = "{ \"cniVersion\" : \"1.0.0\",\n  \"name\": \"n\", \"prevResult\": {\"ips\": [ ]} }";
    Map<String, String> env = Map.of("CNI_CONTAINERID", "id\"with\\quotes", "CNI_NETNS", "/run/netns/é", "CNI_ARGS", "a=1;b=\t\u0007");

    String body = new CniRequest("CHECK", env, "\n" + config + "\n", JsonReader.object(config)).body();

    assertThat(body).isEqualTo("{\"command\":\"CHECK\",\"containerId\":\"id\\\"with\\\\quotes\",\"netns\":\"/run/netns/é\",\"ifname\":null,"
        + "\"args\":\"a=1;b=\\t\\u0007\",\"path\":null,\"config\":" + config + "}");
    JsonObject read = JsonReader.object(body);
    assertThat(read.string("containerId")).isEqualTo("id\"with\\quotes");
    assertThat(read.string("args")).isEqualTo("a=1;b=\t\u0007");
    assertThat(read.kind("config")).isEqualTo('{');
  }
}
