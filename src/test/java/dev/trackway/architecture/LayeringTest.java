package dev.trackway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of docs/architecture.md, checked on the compiled main classes: api (and ops,
 * the health and metrics edge) → service → store → store.jdbc (→ store.jdbc.search →
 * store.jdbc.sql); artifacts beside store; every layer may use domain, error, config and compat,
 * which use nothing above them; no cycles.
 */
class LayeringTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.trackway");
  }

  @Test
  void layersPointOneWay() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Api")
        .definedBy("dev.trackway.api..", "dev.trackway.ops..")
        .layer("Service")
        .definedBy("dev.trackway.service..")
        .layer("Store")
        .definedBy("dev.trackway.store")
        .layer("Artifacts")
        .definedBy("dev.trackway.artifacts..")
        .layer("Jdbc")
        .definedBy("dev.trackway.store.jdbc")
        .layer("Search")
        .definedBy("dev.trackway.store.jdbc.search..")
        .layer("Sql")
        .definedBy("dev.trackway.store.jdbc.sql..")
        .layer("Shared")
        .definedBy(
            "dev.trackway.domain..",
            "dev.trackway.error..",
            "dev.trackway.config..",
            "dev.trackway.compat..")
        .whereLayer("Api")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Service")
        .mayOnlyBeAccessedByLayers("Api")
        .whereLayer("Store")
        .mayOnlyBeAccessedByLayers("Service", "Jdbc")
        .whereLayer("Artifacts")
        .mayOnlyBeAccessedByLayers("Service")
        .whereLayer("Jdbc")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Search")
        .mayOnlyBeAccessedByLayers("Jdbc")
        .whereLayer("Sql")
        .mayOnlyBeAccessedByLayers("Jdbc", "Search")
        .check(classes);
  }

  @Test
  void domainUsesNothingOfOurs() {
    noClasses()
        .that()
        .resideInAPackage("dev.trackway.domain..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("dev.trackway.domain..", "java..")
        .check(classes);
  }

  @Test
  void sharedPackagesUseNothingAboveThem() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.trackway.error..", "dev.trackway.compat..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.trackway.api..",
            "dev.trackway.service..",
            "dev.trackway.store..",
            "dev.trackway.artifacts..",
            "dev.trackway.config..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("dev.trackway.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.trackway.api..",
            "dev.trackway.service..",
            "dev.trackway.store..",
            "dev.trackway.artifacts..")
        .check(classes);
  }

  @Test
  void noCycles() {
    slices().matching("dev.trackway.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void resourcesLiveInApi() {
    classes()
        .that()
        .areAnnotatedWith(jakarta.ws.rs.Path.class)
        .should()
        .resideInAPackage("dev.trackway.api..")
        .check(classes);
  }

  /**
   * Access rules that read the request body are decided when the resource method is called
   * (GuardInterceptor): a resource class without {@code @Guarded} would skip them.
   */
  @Test
  void resourcesAreGuarded() {
    classes()
        .that()
        .areAnnotatedWith(jakarta.ws.rs.Path.class)
        .should()
        .beAnnotatedWith(dev.trackway.api.Guarded.class)
        .check(classes);
  }

  /** Issue 7: no source file in src/main over 500 lines. */
  @Test
  void noSourceFileIsOver500Lines() throws IOException {
    Path root = Path.of("src/main/java");
    try (Stream<Path> files = Files.walk(root)) {
      List<String> tooLong =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> lines(f) > 500)
              .map(f -> f + " (" + lines(f) + " lines)")
              .toList();
      assertEquals(List.of(), tooLong);
    }
  }

  private static long lines(Path f) {
    try (Stream<String> l = Files.lines(f)) {
      return l.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The native executable initializes classes at build time: a Random in a static field would be
   * seeded into its image heap, and native-image refuses to build (issue 10).
   */
  @Test
  void noRandomInStaticFields() {
    noFields()
        .that()
        .areStatic()
        .should()
        .haveRawType(java.util.Random.class)
        .orShould()
        .haveRawType(java.security.SecureRandom.class)
        .check(classes);
  }

  /**
   * The GraalVM SDK is on the test class path but not in the packaged jar: a class of ours that
   * uses it fails the JVM server at start-up (NoClassDefFoundError) while every test passes. The
   * one exception is {@code ops.Libc}, the native executable's {@code @CFunction}s: the JVM never
   * loads it (its only caller, IdleTrim, runs natively only), and the compat-tests start the
   * packaged jar.
   */
  @Test
  void nothingUsesTheGraalVmSdk() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("dev.trackway.ops.Libc")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.graalvm..")
        .because("org.graalvm.* is not on the runtime class path of the jar")
        .check(classes);
  }
}
