package com.qastco.voice.runtime;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Features depend downwards only: a change to one package never needs a change to one that uses it. */
class PackageStructureTest {
  private static final JavaClasses RUNTIME = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("com.qastco.voice.runtime");

  @Test
  void noPackageCycles() {
    slices().matching("com.qastco.voice.runtime.(*)..").should().beFreeOfCycles().check(RUNTIME);
  }
}
