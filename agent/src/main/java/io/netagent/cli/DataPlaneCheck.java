package io.netagent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netagent.kernel.Kernel;
import io.netagent.kernel.Scope;
import io.netagent.kernel.netlink.NetlinkProbe;
import io.netagent.probe.ProbeOutcome;
import io.netagent.probe.ProbeRun;
import io.netagent.model.DesiredState;
import io.netagent.report.Json;
import io.netagent.report.ProbeJson;
import io.netagent.report.ProbeText;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** The data-plane probe as {@code probe} and {@code apply --probe} run it: probes the live kernel, prints the results, picks the exit code. */
final class DataPlaneCheck {
  private DataPlaneCheck() {}

  /** Probes what {@code desired} declares; 0 when every probe passed, 1 when one failed. */
  static int run(DesiredState desired, Kernel kernel, PrintWriter out, boolean json) {
    List<ProbeOutcome> outcomes = ProbeRun.run(desired, kernel.observe(Scope.whole(desired.namespaces())), NetlinkProbe.open());
    if (json) {
      try {
        out.println(Json.PRETTY.writeValueAsString(ProbeJson.of(outcomes)));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      out.print(ProbeText.of(outcomes));
    }
    out.flush();
    return outcomes.stream().allMatch(ProbeOutcome::ok) ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
