package com.qastco.voice.runtime.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.qastco.voice.integrations.Json;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.ultravox.UltravoxConfig;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Ultravox call events ({@code call.started}, {@code .joined}, {@code .ended}, {@code .billed}). Accepted only with
 * a valid signature over the exact bytes received and a fresh timestamp; each event is processed once. 204 for an
 * event processed or already processed; 4xx, with nothing changed, for anything refused.
 */
@Controller("/api/v1/webhooks/ultravox")
public class UltravoxWebhookController {
  static final String TIMESTAMP = "X-Ultravox-Webhook-Timestamp";
  static final String SIGNATURE = "X-Ultravox-Webhook-Signature";
  private final UltravoxConfig config;
  private final CallEventHandler events;
  private final Clock clock;
  private final io.micrometer.core.instrument.MeterRegistry meters;

  public UltravoxWebhookController(UltravoxConfig config, CallEventHandler events, Clock clock,
                                   io.micrometer.core.instrument.MeterRegistry meters) {
    this.meters = meters;
    this.config = config;
    this.events = events;
    this.clock = clock;
  }

  @Operation(summary = "Receive an Ultravox call event (signed)")
  @Post(consumes = MediaType.ALL)
  public HttpResponse<Void> receive(@Body byte[] body, @Nullable @Header(TIMESTAMP) String timestamp,
                                    @Nullable @Header(SIGNATURE) String signature) {
    if (config.getWebhookSecrets().isEmpty()) {
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "webhooks_not_configured",
          "No webhook secret is configured; call events cannot be verified");
    }
    if (!UltravoxSignature.valid(body, timestamp, signature, config.getWebhookSecrets())) {
      refused("signature");
      throw ApiException.unauthorized("Missing or invalid " + SIGNATURE);
    }
    Instant signedAt = UltravoxSignature.time(timestamp)
        .orElseThrow(() -> ApiException.badRequest(TIMESTAMP + " is not an ISO-8601 time"));
    if (Duration.between(signedAt, clock.instant()).abs().compareTo(config.getWebhookTolerance()) > 0) {
      refused("stale");
      throw new ApiException(HttpStatus.BAD_REQUEST, "stale_event", "The event was signed at " + signedAt
          + ", outside the accepted window of " + config.getWebhookTolerance().toSeconds() + " s");
    }
    JsonNode payload;
    try {
      payload = Json.tree(body);
    } catch (IOException e) {
      throw ApiException.badRequest("The event is not JSON");
    }
    boolean processed = events.handle(payload);
    meters.counter("voice.webhooks.received", "source", "ultravox", "result", processed ? "processed" : "duplicate")
        .increment();
    return HttpResponse.noContent();
  }

  private void refused(String reason) {
    meters.counter("voice.webhooks.received", "source", "ultravox", "result", "refused-" + reason).increment();
  }
}
