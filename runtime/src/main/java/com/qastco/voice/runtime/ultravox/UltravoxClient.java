package com.qastco.voice.runtime.ultravox;

import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;

/**
 * Creates calls at Ultravox ({@code POST /api/calls}, {@code X-API-Key}). A 429 or 5xx answer, a timeout or an
 * unreachable service becomes a {@link VoiceProviderException} with the delay to retry after; the caller decides
 * what to undo. Nothing here retries: a session request must answer quickly, and the widget retries.
 */
@Singleton
public class UltravoxClient {
  private final UltravoxConfig config;
  private final JsonMapper json;
  private final HttpClient http;

  public UltravoxClient(UltravoxConfig config, JsonMapper json) {
    this.config = config;
    this.json = json;
    this.http = HttpClient.newBuilder().connectTimeout(config.getTimeout()).build();
  }

  public boolean configured() {
    return config.configured();
  }

  @Serdeable
  public record CreatedCall(String callId, String joinUrl) {}

  public CreatedCall createCall(Map<String, Object> request) {
    HttpResponse<String> response;
    try {
      response = http.send(HttpRequest.newBuilder(URI.create(config.getBaseUrl() + "/calls"))
          .timeout(config.getTimeout())
          .header("X-API-Key", config.getApiKey())
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(request)))
          .build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new VoiceProviderException("The voice provider did not answer in time", 5, e);
    } catch (IOException e) {
      throw new VoiceProviderException("The voice provider cannot be reached", 10, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VoiceProviderException("Interrupted while starting the call", 1, e);
    }
    int status = response.statusCode();
    if (status == 201 || status == 200) {
      try {
        CreatedCall call = json.readValue(response.body(), CreatedCall.class);
        if (call.callId() == null || call.joinUrl() == null) {
          throw new VoiceProviderException("The voice provider answered without a call id or join URL", 5, null);
        }
        return call;
      } catch (IOException e) {
        throw new VoiceProviderException("The voice provider's answer could not be read", 5, e);
      }
    }
    if (status == 429 || status >= 500) {
      int retryAfter = response.headers().firstValue("Retry-After").flatMap(UltravoxClient::seconds).orElse(5);
      throw new VoiceProviderException(status == 429 ? "The voice provider is at capacity"
          : "The voice provider failed (" + status + ")", retryAfter, null);
    }
    // 4xx other than 429: our request or our key is wrong; retrying will not help, but the caller still gets 503.
    throw new IllegalStateException("The voice provider refused the call request with " + status);
  }

  private static java.util.Optional<Integer> seconds(String value) {
    try {
      return java.util.Optional.of(Math.max(1, Math.min(300, Integer.parseInt(value.trim()))));
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }
}
