package com.qastco.voice.runtime;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import java.util.Map;

/** Sends a request and returns what came back, refusals included, so tests read as request → answer. */
public final class TestHttp {
  private TestHttp() {}

  public record Answer(int status, Map<String, Object> body, io.micronaut.http.HttpHeaders headers) {
    public String error() {
      return status + " " + body.get("error") + ": " + body.get("message");
    }

    public Object get(String field) {
      return body.get(field);
    }
  }

  @SuppressWarnings("unchecked")
  public static Answer send(HttpClient http, HttpRequest<?> request) {
    try {
      HttpResponse<Map> response = http.toBlocking().exchange(request, Map.class);
      return new Answer(response.code(), response.getBody().orElse(Map.of()), response.getHeaders());
    } catch (HttpClientResponseException e) {
      return new Answer(e.code(), e.getResponse().getBody(Map.class).orElse(Map.of()), e.getResponse().getHeaders());
    }
  }
}
