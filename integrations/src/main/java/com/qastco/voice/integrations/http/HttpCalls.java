package com.qastco.voice.integrations.http;

import com.qastco.voice.integrations.ExternalSystemException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Sending a request to an external system and classifying what went wrong the same way for every system: a
 * timeout, an unreachable host, a 429 or a 5xx can succeed later; anything else will not without a change.
 */
public final class HttpCalls {
  private HttpCalls() {}

  /** HTTP/1.1: several fakes and proxies in front of these systems do not speak h2c. */
  public static HttpClient client(Duration connectTimeout) {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
  }

  public static HttpResponse<String> send(HttpClient http, HttpRequest request, String system) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new ExternalSystemException(system, ExternalSystemException.Kind.TIMEOUT, system
          + " did not answer within " + request.timeout().map(Duration::toSeconds).orElse(0L) + " s", null, e);
    } catch (IOException e) {
      // The exception's name stays in the cause (logs); the message may reach a Business's dashboard.
      throw new ExternalSystemException(system, ExternalSystemException.Kind.UNREACHABLE, system
          + " cannot be reached", null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExternalSystemException(system, ExternalSystemException.Kind.UNREACHABLE,
          "Interrupted while calling " + system, null, e);
    }
  }

  /** Retry-After in seconds or as an HTTP date; absent or unreadable gives empty. */
  public static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").flatMap(HttpCalls::retryAfter);
  }

  /** A Retry-After header's value: seconds or an HTTP date. */
  public static Optional<Duration> retryAfter(String value) {
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        return Optional.of(Duration.between(ZonedDateTime.now(), when)).filter(d -> !d.isNegative());
      } catch (java.time.format.DateTimeParseException e) {
        return Optional.empty();
      }
    }
  }
}
