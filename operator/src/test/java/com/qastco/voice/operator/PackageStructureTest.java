package com.qastco.voice.operator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The parts depend downwards only: conditions at the bottom, the parts above them, the status built from the
 * parts' results, the reconciler (this package) on top, used by nothing below it. The status builder sees outcomes, never a part's own
 * types, so a new part adds an outcome and no branch in the status.
 */
class PackageStructureTest {
  private static final JavaClasses OPERATOR = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("com.qastco.voice.operator");

  @Test
  void noPackageCycles() {
    slices().matching("com.qastco.voice.operator.(*)..").should().beFreeOfCycles().check(OPERATOR);
  }

  @Test
  void theStatusIsBuiltFromOutcomesNotFromThePartsTypes() {
    noClasses().that().resideInAPackage("com.qastco.voice.operator.status..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "com.qastco.voice.operator.credentials..", "com.qastco.voice.operator.tls..",
            "com.qastco.voice.operator.external..", "com.qastco.voice.operator.telephony..")
        .check(OPERATOR);
  }

  @Test
  void theTopPackageIsUsedByNothingBelowIt() {
    // The slice rule cannot see a cycle through the top package (its classes are in no slice): this one can.
    noClasses().that().resideInAPackage("com.qastco.voice.operator.(*)..")
        .should().dependOnClassesThat().resideInAPackage("com.qastco.voice.operator")
        .check(OPERATOR);
  }
}
