package com.qastco.voice.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {
  @Test
  void everySettingHasADefault() {
    OperatorConfig config = OperatorConfig.from(Map.of());

    assertThat(config.platformDomain()).isEqualTo("localhost");
    assertThat(config.namespaces()).isEmpty();
    assertThat(config.runtimeService()).isEqualTo("voice-runtime");
    assertThat(config.runtimePort()).isEqualTo(80);
    assertThat(config.ingressClass()).isEqualTo("nginx");
    assertThat(config.wildcardTlsSecret()).isEqualTo("voice-platform-wildcard-tls");
    assertThat(config.certIssuer()).isEqualTo("letsencrypt-prod");
    assertThat(config.keyGracePeriod()).isEqualTo(Duration.ofHours(24));
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.urlOf("a.localhost")).isEqualTo("https://a.localhost");
  }

  @Test
  void namespacesAreACommaSeparatedList() {
    assertThat(OperatorConfig.from(Map.of("VOICE_WATCH_NAMESPACES", " voice, tenants-eu ,")).namespaces())
        .containsExactlyInAnyOrder("voice", "tenants-eu");
  }

  @Test
  void aBadNumberNamesTheVariable() {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("VOICE_RUNTIME_SERVICE_PORT", "eighty")))
        .hasMessageContaining("VOICE_RUNTIME_SERVICE_PORT must be a number");
  }
}
