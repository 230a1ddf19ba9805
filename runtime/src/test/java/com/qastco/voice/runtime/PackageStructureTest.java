package com.qastco.voice.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.junit.jupiter.api.Test;

/**
 * Features depend downwards only (a change to one package never needs a change to one that uses it), and each
 * thing is done one way, as the README's "One way to do each thing" says.
 */
class PackageStructureTest {
  private static final JavaClasses RUNTIME = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("com.qastco.voice.runtime");

  @Test
  void noPackageCycles() {
    slices().matching("com.qastco.voice.runtime.(*)..").should().beFreeOfCycles().check(RUNTIME);
  }

  @Test
  void controllersLeaveSqlToRepositories() {
    noClasses().that().areAnnotatedWith(Controller.class).should().dependOnClassesThat()
        .resideInAPackage("java.sql..").check(RUNTIME);
  }

  @Test
  void jsonOutsideHttpBodiesGoesThroughTheOneMapper() {
    noClasses().should().callConstructor(ObjectMapper.class)
        .orShould().callMethod(JsonMapper.class, "builder").check(RUNTIME);
  }

  @Test
  void configurationIsReadThroughConfigurationPropertiesClasses() {
    noClasses().should().dependOnClassesThat().areAssignableTo(Value.class).check(RUNTIME);
  }

  @Test
  void routesGetTheirThreadFromThreadSelectionAndOnlyFiltersChooseOne() {
    noClasses().that().areNotAnnotatedWith(ServerFilter.class).should().beAnnotatedWith(ExecuteOn.class)
        .check(RUNTIME);
    noMethods().that().areDeclaredInClassesThat().areNotAnnotatedWith(ServerFilter.class)
        .should().beAnnotatedWith(ExecuteOn.class).check(RUNTIME);
  }
}
