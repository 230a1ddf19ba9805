package com.qastco.voice.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;

/**
 * The CRD YAML in the repository is what clusters and the Helm chart install; it must be exactly what the
 * Java model generates. Run with {@code -Dcrd.update=true} to refresh it after changing the model.
 */
class CrdIsUpToDateTest {
  static final Path GENERATED = Path.of("target/classes/META-INF/fabric8/businesses.voice.qastco.com-v1.yml");
  static final Path COMMITTED = Path.of("businesses.voice.qastco.com-v1.yml");

  @Test
  void committedCrdMatchesTheModel() throws IOException {
    if (Boolean.getBoolean("crd.update")) {
      Files.copy(GENERATED, COMMITTED, StandardCopyOption.REPLACE_EXISTING);
    }
    assertThat(COMMITTED).as("crds/%s is stale: run `mvn -pl crds test -Dcrd.update=true` and commit it", COMMITTED)
        .exists()
        .hasSameTextualContentAs(GENERATED);
  }

  @Test
  void reservedSubdomainListAndCelRuleAgree() {
    assertThat(Validation.RESERVED_SUBDOMAINS_CEL).isEqualTo(Validation.reservedAsCel());
  }

  @Test
  void builtInToolListAndCelRuleAgree() {
    assertThat(Validation.BUILT_IN_TOOLS_CEL).isEqualTo(Validation.builtInToolsAsCel());
  }
}
