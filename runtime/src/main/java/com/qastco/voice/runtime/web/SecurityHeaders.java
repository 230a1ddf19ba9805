package com.qastco.voice.runtime.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Every page goes out with a Content-Security-Policy that allows scripts and styles from this host only (plus the
 * Ultravox SDK's origin), connections to this host and the voice provider's call hosts only, no inline script or
 * style, no framing, forms posting back here only; and the other
 * headers a browser acts on.
 */
@ServerFilter("/**")
public class SecurityHeaders {
  private final String policy;

  public SecurityHeaders(WebConfig config) {
    String sdk = config.sdkOrigin() == null ? "" : " " + config.sdkOrigin();
    String calls = config.getCallHosts().stream().map(h -> " wss://" + h + " https://" + h)
        .collect(java.util.stream.Collectors.joining());
    this.policy = "default-src 'self'; script-src 'self'" + sdk + "; style-src 'self'; img-src 'self' https: data:;"
        + " connect-src 'self'" + calls + "; media-src 'self' blob:; font-src 'self'; object-src 'none';"
        + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  }

  @ResponseFilter
  public void headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
    String type = response.getContentType().map(Object::toString).orElse("");
    if (type.startsWith("text/html")) {
      response.header("Content-Security-Policy", policy);
      response.header("X-Frame-Options", "DENY");
      response.header("Cache-Control", "no-store");
    }
    response.header("X-Content-Type-Options", "nosniff");
    response.header("Referrer-Policy", "same-origin");
  }
}
