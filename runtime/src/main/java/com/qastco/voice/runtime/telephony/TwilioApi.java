package com.qastco.voice.runtime.telephony;

import com.fasterxml.jackson.databind.JsonNode;
import com.qastco.voice.integrations.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** What every call to Twilio's REST API shares: the account's resource URLs, basic auth, and Twilio's error codes. */
final class TwilioApi {
  static final String SYSTEM = "Twilio";

  private TwilioApi() {}

  /** A request to {@code /2010-04-01/Accounts/{AccountSid}/{resource}}, authenticated as the platform's account. */
  static HttpRequest.Builder request(TwilioConfig config, String resource, Duration timeout) {
    String credentials = config.getAccountSid() + ":" + config.getAuthToken();
    return HttpRequest.newBuilder(URI.create(config.getApiUrl() + "/2010-04-01/Accounts/"
            + encode(config.getAccountSid()) + "/" + resource))
        .timeout(timeout)
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            credentials.getBytes(StandardCharsets.UTF_8)));
  }

  /** Twilio's error code from its JSON error ({@code code, message, more_info, status}); 0 when there is none. */
  static int errorCode(String body) {
    try {
      JsonNode error = Json.tree(body);
      return error.path("code").asInt(0);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException unreadable) {
      return 0;
    }
  }

  /** Twilio's message for its error (it names the problem, never the credentials), or the HTTP status. */
  static String errorMessage(int status, String body) {
    try {
      String message = Json.tree(body).path("message").asText("");
      return message.isBlank() ? "HTTP " + status : message;
    } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException unreadable) {
      return "HTTP " + status;
    }
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
