package com.qastco.voice.runtime.telephony;

import com.qastco.voice.runtime.api.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every request from Twilio goes through before anything is read from it: the platform's auth token must be
 * set, and the signature must match the public URL Twilio called (403 otherwise).
 */
@Singleton
public class TwilioWebhook {
  public static final String SIGNATURE = "X-Twilio-Signature";
  private final TwilioConfig config;
  private final MeterRegistry meters;

  public TwilioWebhook(TwilioConfig config, MeterRegistry meters) {
    this.config = config;
    this.meters = meters;
  }

  /** The request's form parameters, once its signature is verified. */
  public Map<String, List<String>> verified(HttpRequest<Map<String, List<String>>> request, String signature) {
    if (!config.configured()) {
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "telephony_not_configured",
          "No Twilio auth token is configured; calls cannot be verified");
    }
    Map<String, List<String>> params = request.getBody().orElse(Map.of());
    if (!TwilioSignature.valid(config.getAuthToken(), publicUrl(request), params, signature)) {
      meters.counter("voice.webhooks.received", "source", "twilio", "result", "refused-signature").increment();
      throw ApiException.forbidden("invalid_signature", "Missing or invalid " + SIGNATURE);
    }
    return params;
  }

  /** The URL Twilio called and signed: the configured public base, or the forwarded scheme and host. */
  private String publicUrl(HttpRequest<?> request) {
    String path = request.getUri().getRawPath() + (request.getUri().getRawQuery() == null ? ""
        : "?" + request.getUri().getRawQuery());
    if (config.getPublicBaseUrl() != null) {
      return config.getPublicBaseUrl() + path;
    }
    String scheme = Optional.ofNullable(request.getHeaders().get("X-Forwarded-Proto")).orElse("https");
    String host = Optional.ofNullable(request.getHeaders().get("X-Forwarded-Host"))
        .orElse(request.getHeaders().get("Host"));
    return scheme + "://" + host + path;
  }

  public static String first(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public static HttpResponse<String> xml(String twiml) {
    return HttpResponse.ok(twiml).contentType(MediaType.TEXT_XML_TYPE);
  }
}
