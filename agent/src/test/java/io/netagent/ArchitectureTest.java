package io.netagent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.netagent.cli.NativeImportForArchitectureTest;
import io.netagent.model.WrongWayImportForArchitectureTest;
import io.netagent.plan.Plan;
import org.junit.jupiter.api.Test;

/**
 * The imports between packages point one way (docs/architecture.md, "Layers"): cli → api → daemon
 * → checkpoint → reconcile → plan → operations → observed → model → error, with report (plans and status for
 * people and machines) under cli and api and over plan, the kernel port beside the
 * planner and its adapters below the port, metrics (recorded by daemon, served by api) importing
 * nothing of netagent; and only native-bindings ({@code io.netagent.linux})
 * touches jnr-ffi. Checked on the compiled main classes of agent and native-bindings.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.netagent");

  static final ArchRule LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
      .layer("error").definedBy("io.netagent.error..")
      .layer("model").definedBy("io.netagent.model..")
      .layer("config").definedBy("io.netagent.config..")
      .layer("observed").definedBy("io.netagent.observed..")
      .layer("operations").definedBy("io.netagent.operations..")
      .layer("plan").definedBy("io.netagent.plan..")
      .layer("kernel port").definedBy("io.netagent.kernel")
      .layer("kernel adapters").definedBy("io.netagent.kernel.netlink..", "io.netagent.kernel.nft..", "io.netagent.kernel.fake..")
      .layer("reconcile").definedBy("io.netagent.reconcile..")
      .layer("probe").definedBy("io.netagent.probe..")
      .layer("checkpoint").definedBy("io.netagent.checkpoint..")
      .layer("daemon").definedBy("io.netagent.daemon..")
      .layer("metrics").definedBy("io.netagent.metrics..")
      .layer("report").definedBy("io.netagent.report..")
      .layer("trace").definedBy("io.netagent.trace..")
      .layer("cni").definedBy("io.netagent.cni..")
      .layer("api").definedBy("io.netagent.api..")
      .layer("cli").definedBy("io.netagent.cli..")
      .layer("native").definedBy("io.netagent.linux..")
      .whereLayer("error").mayNotAccessAnyLayer()
      .whereLayer("native").mayNotAccessAnyLayer()
      .whereLayer("metrics").mayNotAccessAnyLayer()
      .whereLayer("model").mayOnlyAccessLayers("error")
      .whereLayer("config").mayOnlyAccessLayers("model", "error")
      .whereLayer("observed").mayOnlyAccessLayers("model", "error")
      .whereLayer("operations").mayOnlyAccessLayers("observed", "model", "error")
      .whereLayer("plan").mayOnlyAccessLayers("operations", "observed", "model", "error")
      .whereLayer("kernel port").mayOnlyAccessLayers("operations", "observed", "model", "error", "native")
      .whereLayer("kernel adapters").mayOnlyAccessLayers("kernel port", "operations", "observed", "model", "error", "native")
      .whereLayer("reconcile").mayOnlyAccessLayers("plan", "kernel port", "operations", "observed", "model", "error")
      .whereLayer("probe").mayOnlyAccessLayers("kernel port", "observed", "model", "error")
      .whereLayer("checkpoint").mayOnlyAccessLayers("reconcile", "plan", "kernel port", "config", "operations", "observed", "model",
          "error")
      .whereLayer("daemon").mayOnlyAccessLayers("checkpoint", "reconcile", "probe", "plan", "kernel port", "config", "operations", "observed",
          "model", "error", "native", "metrics")
      .whereLayer("report").mayOnlyAccessLayers("probe", "plan", "operations", "observed", "model", "error")
      .whereLayer("trace").mayOnlyAccessLayers("kernel port", "observed", "model", "error")
      .whereLayer("cni").mayOnlyAccessLayers("daemon", "plan", "operations", "observed", "model", "error")
      .whereLayer("api").mayOnlyAccessLayers("cni", "daemon", "checkpoint", "metrics", "report", "plan", "operations", "observed", "model",
          "config", "error")
      .whereLayer("cli").mayNotBeAccessedByAnyLayer()
      .because("layers point one way, so that each can be read, tested and replaced without the ones above it");

  static final ArchRule ONLY_NATIVE_BINDINGS_USE_JNR = noClasses().that().resideOutsideOfPackage("io.netagent.linux..")
      .should().dependOnClassesThat().resideInAPackage("jnr..")
      .because("the native surface is small and isolated in native-bindings");

  @Test
  void importsBetweenPackagesPointOneWay() {
    LAYERS.check(MAIN);
  }

  @Test
  void onlyNativeBindingsUseJnr() {
    ONLY_NATIVE_BINDINGS_USE_JNR.check(MAIN);
  }

  @Test
  void theRulesCatchAWrongWayImport() {
    JavaClasses wrongWay = new ClassFileImporter().importClasses(WrongWayImportForArchitectureTest.class, Plan.class);
    assertThatThrownBy(() -> LAYERS.check(wrongWay)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("WrongWayImportForArchitectureTest").hasMessageContaining("io.netagent.plan.Plan");

    JavaClasses nativeImport = new ClassFileImporter().importClasses(NativeImportForArchitectureTest.class);
    assertThatThrownBy(() -> ONLY_NATIVE_BINDINGS_USE_JNR.check(nativeImport)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("NativeImportForArchitectureTest").hasMessageContaining("jnr.");
  }
}
