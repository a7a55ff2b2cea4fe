package io.netagent.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.daemon.DaemonState;
import io.netagent.report.Json;
import io.netagent.report.StatusJson;
import io.netagent.report.StatusReport;
import io.netagent.report.StatusText;
import java.util.List;
import java.util.Optional;

/**
 * The status document, as {@code netagent status} prints it and {@code GET /status} serves it:
 * the daemon's state and each declared object's. The CLI makes it from its own look at the
 * kernel when no daemon runs, the API from the daemon's.
 */
public final class StatusDocument {
  private StatusDocument() {}

  /**
   * The text: a header line, the daemon line, any {@code extra} lines, then the objects.
   *
   * @param header such as {@code netagent status: FILE against the live kernel}
   */
  public static String text(String header, Optional<DaemonState> daemon, List<String> extra, List<StatusReport.Entry> entries) {
    StringBuilder sb = new StringBuilder(header).append('\n');
    sb.append(daemon.map(StatusDocument::daemonLine).orElse("daemon: not running")).append('\n');
    extra.forEach(line -> sb.append(line).append('\n'));
    return sb.append('\n').append(StatusText.render(entries)).toString();
  }

  /**
   * The JSON: {@code configuration}, {@code daemon} (null when none runs), {@code checkpoint} (the
   * confirm-or-roll-back line, null when none was ever recorded) and {@code objects}.
   */
  public static ObjectNode json(String source, Optional<DaemonState> daemon, Optional<String> checkpoint, List<StatusReport.Entry> entries) {
    ObjectNode root = Json.PRETTY.createObjectNode();
    root.put("configuration", source);
    daemon.ifPresentOrElse(d -> root.set("daemon", Json.PRETTY.valueToTree(d)), () -> root.putNull("daemon"));
    root.put("checkpoint", checkpoint.orElse(null));
    root.set("objects", StatusJson.objects(entries));
    return root;
  }

  private static String daemonLine(DaemonState d) {
    String last = d.lastReconcile() == null ? "no reconcile yet"
        : "last reconcile " + d.lastReconcile().at() + " (" + d.lastReconcile().reason() + ": " + d.lastReconcile().result() + ")";
    String reload = d.lastReload() == null ? "" : "; last reload " + d.lastReload().at() + " " + d.lastReload().result();
    String probe = d.lastProbe() == null ? ""
        : "; last probe " + d.lastProbe().at() + " " + d.lastProbe().ok() + " ok, " + d.lastProbe().failed() + " failed";
    return "daemon: running (pid " + d.pid() + ", since " + d.started() + ", " + d.configuration() + "); " + last + "; drift repaired "
        + d.driftRepaired() + " time(s)" + reload + probe;
  }
}
