package com.qastco.voice.integrations.ultravox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.integrations.ExternalSystemException.Kind;
import com.qastco.voice.integrations.fakes.UltravoxFake;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UltravoxApiTest {
  private static final UltravoxFake FAKE = new UltravoxFake();
  private final UltravoxApi api = new UltravoxApi(FAKE.apiUrl(), UltravoxFake.API_KEY, Duration.ofSeconds(2));

  @BeforeEach
  void reset() {
    FAKE.reset();
  }

  @AfterAll
  static void stop() {
    FAKE.close();
  }

  @Test
  void findsAnAgentBeyondTheFirstPage() {
    IntStream.range(0, 7).forEach(i -> api.createAgent("agent-" + i, Map.of("systemPrompt", "p" + i)));

    assertThat(api.findAgent("agent-6")).get().extracting(UltravoxApi.Agent::name).isEqualTo("agent-6");
    assertThat(api.findAgent("agent-9")).isEmpty();
  }

  @Test
  void agentCallsFillTheTemplateFromTheContextAndRefuseAMissingVariable() {
    UltravoxApi.Agent agent = api.createAgent("a", Map.of("systemPrompt", "Token is {{callToken}}",
        "maxDuration", "600s"));

    UltravoxApi.CreatedCall call = api.createAgentCall(agent.agentId(), Map.of("templateContext",
        Map.of("callToken", "t-123"), "metadata", Map.of("sessionId", "s")));

    assertThat(call.joinUrl()).startsWith("wss://");
    assertThat(FAKE.lastCall().path("systemPrompt").asText()).isEqualTo("Token is t-123");
    assertThatThrownBy(() -> api.createAgentCall(agent.agentId(), Map.of("metadata", Map.of())))
        .isInstanceOf(ExternalSystemException.class).hasMessageContaining("400")
        .satisfies(e -> assertThat(((ExternalSystemException) e).kind()).isEqualTo(Kind.REJECTED));
    assertThatThrownBy(() -> api.createAgentCall("no-such-agent", Map.of()))
        .isInstanceOf(UltravoxApi.NotFound.class);
  }

  @Test
  void aWrongKeyIsRejectedWithoutTheKeyInTheMessage() {
    UltravoxApi wrong = new UltravoxApi(FAKE.apiUrl(), "wrong.key-that-must-not-leak", Duration.ofSeconds(2));

    assertThatThrownBy(() -> wrong.createCall(Map.of()))
        .hasMessageContaining("refused the platform's API key (401)")
        .hasMessageNotContaining("wrong.key-that-must-not-leak")
        .satisfies(e -> assertThat(((ExternalSystemException) e).retryable()).isFalse());
  }

  @Test
  void throttlingAndOutagesAreRetryableWithTheDelayAskedFor() {
    FAKE.answerCalls(WireMock.aResponse().withStatus(429).withHeader("Retry-After", "7")
        .withBody("{\"detail\":\"Request was throttled.\"}"));
    assertThatThrownBy(() -> api.createCall(Map.of()))
        .isInstanceOfSatisfying(ExternalSystemException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        });

    FAKE.answerCalls(WireMock.aResponse().withStatus(201).withFixedDelay(3_000).withBody("{}"));
    assertThatThrownBy(() -> api.createCall(Map.of()))
        .isInstanceOfSatisfying(ExternalSystemException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
  }

  @Test
  void webhooksAreListedAndUpdated() {
    UltravoxApi.Webhook created = api.createWebhook("https://p.example/api/v1/webhooks/ultravox",
        List.of("call.ended"), List.of("secret-one-0123456789"));
    api.updateWebhook(created.webhookId(), created.url(), List.of("call.ended", "call.billed"),
        List.of("secret-two-0123456789"));

    assertThat(api.webhooks()).singleElement().satisfies(w -> assertThat(w.events())
        .containsExactly("call.ended", "call.billed"));
    assertThat(FAKE.webhooks().get(0).path("secrets").get(0).asText()).isEqualTo("secret-two-0123456789");
  }
}
