package com.qastco.voice.runtime;

import com.qastco.voice.integrations.fakes.TwilioFake;
import com.qastco.voice.runtime.telephony.TwilioSignature;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Twilio's side of the tests: the runtime configured for the fake's account, and webhooks signed as Twilio signs. */
public final class TestTwilio {
  public static final String PUBLIC = "https://voice.example.com";

  private TestTwilio() {}

  /** The runtime's settings for the fake's account, with Twilio calling {@link #PUBLIC}. */
  public static Map<String, String> properties() {
    Map<String, String> properties = new HashMap<>();
    properties.put("voice.twilio.auth-token", TwilioFake.AUTH_TOKEN);
    properties.put("voice.twilio.account-sid", TwilioFake.ACCOUNT_SID);
    properties.put("voice.twilio.api-url", TestEnvironment.TWILIO.baseUrl());
    properties.put("voice.twilio.public-base-url", PUBLIC);
    return properties;
  }

  public record Reply(int status, String body) {}

  /** A form POST signed as Twilio signs it: over the public URL it called. */
  public static Reply signed(HttpClient http, String path, Map<String, List<String>> params) {
    return post(http, path, params, TwilioSignature.sign(TwilioFake.AUTH_TOKEN, PUBLIC + path, params));
  }

  public static Reply post(HttpClient http, String path, Map<String, List<String>> params, String signature) {
    String form = params.entrySet().stream().flatMap(e -> e.getValue().stream()
            .map(v -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)))
        .collect(Collectors.joining("&"));
    var request = HttpRequest.POST(path, form).contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
        .header("X-Twilio-Signature", signature);
    try {
      HttpResponse<String> response = http.toBlocking().exchange(request, String.class);
      return new Reply(response.code(), response.body());
    } catch (HttpClientResponseException e) {
      return new Reply(e.code(), e.getResponse().getBody(String.class).orElse(""));
    }
  }
}
