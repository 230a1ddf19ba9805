package com.qastco.voice.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiTest implements RuntimeTest {
  @Inject
  @Client("/")
  HttpClient http;

  @Test
  void theApiIsDescribedWithoutInternals() {
    String document = http.toBlocking().retrieve(HttpRequest.GET("/openapi/voice-agent-platform-api-v1.yml"));

    assertThat(document).contains("/api/v1/catalog:", "/api/v1/orders/{number}:", "/api/v1/sessions:",
        "/api/v1/tools/{tool}:", "scheme: bearer");
    assertThat(document).doesNotContain("name: tenant");
  }
}
