package io.netagent.shim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shim's JSON: what it accepts and refuses on stdin (with the Java shim's messages and
 * offsets), the top-level keys it reads, and the strings it writes. Seen from outside: a
 * VERSION answer echoes the cniVersion it read, an ADD without a configuration it can read says
 * why.
 */
class JsonTest {
  @TempDir
  Path dir;

  private static ShimRun version(String stdin) {
    return ShimRun.run(Map.of("CNI_COMMAND", "VERSION"), stdin);
  }

  private static ShimRun version(byte[] stdin) {
    return ShimRun.run(Map.of("CNI_COMMAND", "VERSION"), stdin);
  }

  /** The reason in the code-6 error for this stdin. */
  private static String refusal(byte[] stdin) {
    ShimRun run = ShimRun.run(ShimTest.env("ADD"), stdin);
    String prefix = "{\"cniVersion\":\"1.1.0\",\"code\":6,\"msg\":\"the network configuration on stdin is not a JSON object\",\"details\":\"";
    assertThat(run.out()).as("%s", run).startsWith(prefix).endsWith("\"}\n");
    assertThat(run.exit()).isEqualTo(1);
    return run.out().substring(prefix.length(), run.out().length() - 3);
  }

  private static String refusal(String stdin) {
    return refusal(stdin.getBytes(StandardCharsets.UTF_8));
  }

  private static String answered(String cniVersion) {
    return "{\"cniVersion\":" + cniVersion + "," + ShimTest.SUPPORTED;
  }

  @Test
  void readsTopLevelKeysOnlyAndDecodesTheirStrings() {
    assertThat(version(" {\"n\": -1.5e+3, \"o\": {\"cniVersion\": \"x\", \"a\": [1, {}, []]}, \"cniVersion\":\"1.0.0\","
        + " \"t\": true, \"f\": false, \"z\": null, \"l\": [] }\n").out()).isEqualTo(answered("\"1.0.0\""));
    assertThat(version("{\"cniVersion\": \"\\u00e9\\/\\b\\f\\n\\r\\t\\\"\\\\\"}").out()).isEqualTo(answered("\"é/\\u0008\\u000c\\n\\r\\t\\\"\\\\\""));
    assertThat(version("{\"\\u0063niVersion\": \"0.4.0\"}").out()).isEqualTo(answered("\"0.4.0\""));
  }

  @Test
  void quotedTextReadsBackAsItWas() {
    String text = "x\"\\\n\u0000\u001f\u007f😀é";
    assertThat(version("{\"cniVersion\":" + Json.quote(text) + "}").out()).isEqualTo(answered(Json.quote(text)));
    // A surrogate pair as escapes is one character; an unpaired one was '?' to Java's encoder.
    assertThat(version("{\"cniVersion\":\"\\ud83d\\ude00|\\ud800|\\udc00|\\ud800\\u0041|\\ud800\\ud800\"}").out())
        .isEqualTo(answered("\"😀|?|?|?A|??\""));
  }

  @Test
  void aRepeatedKeyKeepsItsLastValue() {
    assertThat(version("{\"cniVersion\": \"1.0.0\", \"cniVersion\": 1}").out()).isEqualTo(answered("\"1.1.0\""));
    assertThat(version("{\"cniVersion\": 1, \"cniVersion\": \"0.4.0\"}").out()).isEqualTo(answered("\"0.4.0\""));
  }

  @Test
  void refusesWhatIsNotOneJsonObjectSayingWhereAsTheJavaShimDid() {
    // Messages and offsets (in UTF-16 units) as the Java shim's JsonReader gave them.
    String[][] bad = {{"", "expected a JSON object at offset 0"}, {" ", "expected a JSON object at offset 1"}, {"[]", "expected a JSON object at offset 0"},
        {"\"s\"", "expected a JSON object at offset 0"}, {"{", "expected a key at offset 1"}, {"{\"a\"}", "expected : at offset 4"},
        {"{\"a\":}", "expected a value at offset 5"}, {"{\"a\":1,}", "expected a key at offset 7"}, {"{a:1}", "expected a key at offset 1"},
        {"{\"a\":01}", "expected , or } at offset 6"}, {"{\"a\":1.}", "bad number at offset 7"}, {"{\"a\":-}", "bad number at offset 6"},
        {"{\"a\":tru}", "expected true at offset 5"}, {"{\"a\":\"\\x\"}", "bad escape in a string at offset 7"},
        {"{\"a\":\"\\u12\"}", "bad \\\\u escape at offset 10"}, {"{\"a\":\"tab\there\"}", "control character in a string at offset 9"},
        {"{\"a\":\"open}", "unterminated string at offset 11"}, {"{} {}", "unexpected text after the object at offset 3"},
        {"{\"a\":[1,]}", "expected a value at offset 8"}, {"{\"a\":[1 2]}", "expected , or ] at offset 8"}, {"{'a':1}", "expected a key at offset 1"},
        {"{\"é\":\"ü\", \"x\": é}", "expected a value at offset 15"}, {"{\"a\":\"😀\"} x", "unexpected text after the object at offset 11"},
        {"\ufeff{}", "expected a JSON object at offset 0"}, {"{\"a\":\"\\u1éé\"}", "bad \\\\u escape at offset 9"}};
    for (String[] b : bad) {
      assertThat(refusal(b[0])).as(b[0]).isEqualTo(b[1]);
    }
  }

  @Test
  void refusesIllFormedUtf8() {
    // Java decoded these as U+FFFD and went on; JSON must be UTF-8 (RFC 8259 8.1), and a
    // configuration with such bytes is no runtime's.
    assertThat(refusal(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'})).isEqualTo("invalid UTF-8 in a string at offset 6");
    assertThat(refusal(new byte[] {'{', '"', (byte) 0xc3, '"', ':', '1', '}'})).isEqualTo("invalid UTF-8 in a string at offset 2");
    // An encoded surrogate, an overlong form, a truncated sequence, and one past U+10FFFF.
    for (byte[] bytes : new byte[][] {{(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xe2, (byte) 0x82},
        {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}}) {
      byte[] stdin = new byte[bytes.length + 10];
      System.arraycopy("{\"k\":\"é".getBytes(StandardCharsets.UTF_8), 0, stdin, 0, 8);
      System.arraycopy(bytes, 0, stdin, 8, bytes.length);
      stdin[bytes.length + 8] = '"';
      stdin[bytes.length + 9] = '}';
      assertThat(refusal(stdin)).isEqualTo("invalid UTF-8 in a string at offset 7");
    }
    // Outside a string any byte that is not JSON is refused as the Java shim refused it.
    assertThat(refusal(new byte[] {'{', '}', (byte) 0xff})).isEqualTo("unexpected text after the object at offset 2");
    assertThat(version("{\"cniVersion\":\"\u07ff\uffff\ud83d\ude00\"}").out()).isEqualTo(answered("\"\u07ff\uffff😀\""));
  }

  @Test
  void refusesNestingDeeperThanItsLimitWithoutRecursingFurther() {
    String deep = "{\"a\":" + "[".repeat(400_000) + "]".repeat(400_000) + "}";
    assertThat(refusal(deep)).isEqualTo("nested deeper than 256 at offset 261");
    String objects = "{\"a\":" + "{\"b\":".repeat(300) + "1" + "}".repeat(300) + "}";
    assertThat(refusal(objects)).startsWith("nested deeper than 256 at offset ");
    String fine = "{\"cniVersion\":\"1.0.0\",\"a\":" + "[{\"b\":".repeat(100) + "1" + "}]".repeat(100) + "}";
    assertThat(version(fine).out()).isEqualTo(answered("\"1.0.0\""));
  }

  @Test
  void environmentValuesAreQuotedAndIllFormedBytesBecomeReplacementCharacters() throws Exception {
    try (StubDaemon daemon = new StubDaemon(dir.resolve("d.sock")).answer(200, "{}")) {
      byte[] args = {'a', '"', '\\', '\n', '\r', '\t', 1, 0x1f, 0x7f, '/', (byte) 0xc3, (byte) 0xa9, (byte) 0xff, (byte) 0xed, (byte) 0xa0, (byte) 0x80, 'z'};
      ShimRun run = ShimRun.under(ShimRun.withVariable("CNI_ARGS", args), ShimTest.env("CHECK"),
          ("{\"cniVersion\":\"1.0.0\",\"socket\":" + Json.quote(daemon.socket().toString()) + "}").getBytes(StandardCharsets.UTF_8));

      assertThat(run.exit()).as("%s", run).isZero();
      assertThat(daemon.request()).contains(",\"args\":\"a\\\"\\\\\\n\\r\\t\\u0001\\u001f\u007f/é\ufffd\ufffdz\",");
    }
  }
}
