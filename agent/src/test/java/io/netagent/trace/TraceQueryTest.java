package io.netagent.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netagent.model.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code tcp FROM -> TO:PORT} is read, whichever way a shell split it, and what is refused. */
class TraceQueryTest {
  private static TraceQuery parse(String... words) {
    return TraceQuery.parse(List.of(words));
  }

  @Test
  void theArrowMayStandApartOrBeGlued() {
    TraceQuery expected = new TraceQuery(Protocol.TCP, "c1", "10.88.0.5", 80);
    assertThat(parse("tcp", "c1", "->", "10.88.0.5:80")).isEqualTo(expected);
    assertThat(parse("tcp", "c1->10.88.0.5:80")).isEqualTo(expected);
    assertThat(parse("TCP", "c1->", "10.88.0.5:80")).isEqualTo(expected);
    assertThat(parse("tcp", "c1", "->10.88.0.5:80")).isEqualTo(expected);
  }

  @Test
  void ipv6IsBracketedBeforeAPortAndMayBeBareAsTheSource() {
    assertThat(parse("udp", "fd00:88::2", "->", "[fd00:88::1]:53")).isEqualTo(new TraceQuery(Protocol.UDP, "fd00:88::2", "fd00:88::1", 53));
    assertThat(parse("udp", "[fd00:88::2]", "->", "host:53")).isEqualTo(new TraceQuery(Protocol.UDP, "fd00:88::2", "host", 53));
  }

  @Test
  void badInputSaysWhatIsWrong() {
    assertThatThrownBy(() -> parse("sctp", "c1", "->", "host:80")).isInstanceOf(TraceInputException.class).hasMessageContaining("sctp");
    assertThatThrownBy(() -> parse("tcp", "c1", "->", "host")).hasMessageContaining("missing the port");
    assertThatThrownBy(() -> parse("tcp", "c1", "->", "host:")).hasMessageContaining("missing the port");
    assertThatThrownBy(() -> parse("tcp", "c1", "host:80")).hasMessageContaining("one arrow");
    assertThatThrownBy(() -> parse("tcp", "c1", "->", "->", "host:80")).hasMessageContaining("one arrow");
    assertThatThrownBy(() -> parse("tcp", "->", "host:80")).hasMessageContaining("missing FROM");
    assertThatThrownBy(() -> parse("tcp", "c1", "->")).hasMessageContaining("missing TO:PORT");
    assertThatThrownBy(() -> parse("tcp", "c1", "->", "fd00::1:80")).hasMessageContaining("in brackets");
    assertThatThrownBy(() -> parse("tcp", "c1", "->", "host:http")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> parse("tcp", "c1", "->", "host:70000")).hasMessageContaining("outside 1–65535");
    assertThatThrownBy(() -> parse("tcp", "[c1", "->", "host:1")).hasMessageContaining("unmatched bracket");
    assertThatThrownBy(() -> parse()).hasMessageContaining("PROTOCOL FROM -> TO:PORT");
    assertThatThrownBy(() -> parse("tcp", "--kernal", "c1", "->", "host:1")).hasMessage("unknown option \"--kernal\"");
  }

  @Test
  void anUnquotedArrowThatTheShellCutIsExplained() {
    assertThatThrownBy(() -> parse("tcp", "c1", "-")).hasMessage("\"c1 -\": the shell read the \">\" of \"->\" as a redirection (and sent "
        + "the output to a file named after TO:PORT); quote the arrow: netagent trace tcp 'c1 -> TO:PORT'");
    assertThatThrownBy(() -> parse("udp", "c1-")).hasMessageContaining("quote the arrow: netagent trace udp 'c1-> TO:PORT'");
  }
}
