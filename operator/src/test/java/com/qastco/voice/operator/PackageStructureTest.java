package com.qastco.voice.operator;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The parts depend downwards only: conditions at the bottom, the parts above them, the status built from the
 * parts' results, the reconciler (this package) on top.
 */
class PackageStructureTest {
  private static final JavaClasses OPERATOR = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("com.qastco.voice.operator");

  @Test
  void noPackageCycles() {
    slices().matching("com.qastco.voice.operator.(*)..").should().beFreeOfCycles().check(OPERATOR);
  }
}
