package io.netagent.daemon;

import io.netagent.config.LoadedConfig;
import io.netagent.model.DesiredState;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the daemon converges to: what the file declares (after a rollback, the confirmed
 * configuration until the next reload), with the networks declared and the attachments made
 * through the API on top. The loop's state that reloads, rollbacks and the API's requests change
 * and every pass reads; used by the loop's thread only.
 */
final class Target {
  private static final Logger LOG = LoggerFactory.getLogger(Target.class);

  private final Attachments attachments;
  private final DeclaredNetworks networks;
  /** Where the file's part came from, for status: the file, or the confirmed configuration after a rollback. */
  private String source;
  /** What the file declares and the attachments: what the daemon converges to. */
  private DesiredState desired;

  /**
   * {@code config} with the networks and attachments saved under {@code dataDir} restored on top;
   * one that no longer fits is logged and set aside.
   */
  Target(LoadedConfig config, Path dataDir) {
    DesiredState file = config.state();
    this.source = config.source();
    this.networks = DeclaredNetworks.restore(RecordStore.open(dataDir, RecordStore.NETWORKS), file, problem -> LOG.error("{}", problem));
    this.attachments = Attachments.restore(RecordStore.open(dataDir), networks.onTopOf(file), problem -> LOG.error("{}", problem));
    this.desired = attachments.onTopOf(networks.onTopOf(file));
  }

  /** Converges to {@code file} (from {@code source}) from now on, with the networks and attachments on top. */
  void replaceFile(DesiredState file, String source) {
    this.source = source;
    desired = attachments.onTopOf(networks.onTopOf(file));
  }

  DesiredState desired() {
    return desired;
  }

  /** Sets what the daemon converges to after a request added or removed a network or an attachment. */
  void desired(DesiredState desired) {
    this.desired = desired;
  }

  String source() {
    return source;
  }

  Attachments attachments() {
    return attachments;
  }

  DeclaredNetworks networks() {
    return networks;
  }
}
