package io.netagent.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void quotesEscapeWhatJsonRequires() {
    assertThat(Json.quote("a\"b\\c\nd\re\tf\u0001g/é☃")).isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g/é☃\"");
    assertThat(Json.quote((String) null)).isEqualTo("null");
  }

  @Test
  void quotedTextReadsBackAsItWas() {
    String text = "x\"\\\n\u0000\u001f\u007f😀";
    assertThat(JsonReader.object("{\"k\":" + Json.quote(text) + "}").string("k")).isEqualTo(text);
  }

  @Test
  void readsTopLevelKeysAndTheirKinds() {
    JsonObject o = JsonReader.object(" {\"cniVersion\":\"1.0.0\", \"n\": -1.5e+3, \"o\": {\"cniVersion\": \"x\", \"a\": [1, {}, []]},"
        + " \"t\": true, \"f\": false, \"z\": null, \"s\": \"\\u00e9\\/\", \"l\": [] }\n");

    assertThat(o.string("cniVersion")).isEqualTo("1.0.0");
    assertThat(o.string("s")).isEqualTo("é/");
    assertThat(o.string("o")).isNull();
    assertThat(new char[] {o.kind("n"), o.kind("o"), o.kind("t"), o.kind("f"), o.kind("z"), o.kind("l"), o.kind("absent")})
        .containsExactly('0', '{', 't', 'f', 'n', '[', (char) 0);
    assertThat(o.has("z")).isTrue();
  }

  @Test
  void aRepeatedKeyKeepsItsLastValue() {
    JsonObject o = JsonReader.object("{\"k\": \"a\", \"k\": 1}");
    assertThat(o.string("k")).isNull();
    assertThat(o.kind("k")).isEqualTo('0');
  }

  @Test
  void refusesWhatIsNotOneJsonObject() {
    String[] bad = {"", " ", "[]", "\"s\"", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{a:1}", "{\"a\":01}", "{\"a\":1.}",
        "{\"a\":-}", "{\"a\":tru}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"tab\there\"}", "{\"a\":\"open}", "{} {}",
        "{\"a\":[1,]}", "{\"a\":[1 2]}", "{'a':1}"};
    for (String text : bad) {
      assertThatThrownBy(() -> JsonReader.object(text)).as(text).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(" at offset ");
    }
  }

  @Test
  void refusesNestingDeeperThanItsLimit() {
    String deep = "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
    assertThatThrownBy(() -> JsonReader.object(deep)).hasMessageStartingWith("nested deeper than 256");
    String fine = "{\"a\":" + "[".repeat(200) + "]".repeat(200) + "}";
    assertThat(JsonReader.object(fine).kind("a")).isEqualTo('[');
  }

  @Test
  void hex() {
    assertThat(Json.hex(new byte[] {0, 15, (byte) 0xab, (byte) 0xff})).isEqualTo("000fabff");
  }
}
