package com.qastco.voice.runtime.telephony;

import com.fasterxml.jackson.databind.JsonNode;
import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.integrations.Json;
import com.qastco.voice.integrations.http.HttpCalls;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * Twilio's Messaging API for a text to a caller: {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json} with
 * To, From and Body, and the list of messages sent ({@code GET …/Messages.json?To=&From=&DateSent>=}). One attempt
 * per call: the outbox retries with backoff, and before it does it asks {@link #alreadySent} whether an attempt
 * whose answer was lost got through (Twilio takes no idempotency key).
 */
@Singleton
public class TwilioMessages {
  /** 21610: the recipient replied STOP to this sender; Twilio will not deliver to them until they reply START. */
  private static final int UNSUBSCRIBED = 21610;
  /** Statuses of a message that did not get through: sending it again is no duplicate. */
  private static final Set<String> NOT_SENT = Set.of("failed", "undelivered", "canceled");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final TwilioConfig config;
  private final HttpClient http = HttpCalls.client(Duration.ofSeconds(2));

  public TwilioMessages(TwilioConfig config) {
    this.config = config;
  }

  public boolean configured() {
    return config.canUseRestApi();
  }

  public enum Sent {
    /** Twilio took the message (queued for the carrier). */
    SENT,
    /** The recipient unsubscribed from this sender (texted STOP to it); nothing was sent. */
    UNSUBSCRIBED
  }

  /** Sends one text; throws {@link ExternalSystemException} when Twilio did not take it (retryable or not). */
  public Sent send(String from, String to, String body) {
    HttpRequest request = TwilioApi.request(config, "Messages.json", TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("To=" + TwilioApi.encode(to) + "&From=" + TwilioApi.encode(from)
            + "&Body=" + TwilioApi.encode(body)))
        .build();
    HttpResponse<String> response = HttpCalls.send(http, request, TwilioApi.SYSTEM);
    if (response.statusCode() / 100 == 2) {
      return Sent.SENT;
    }
    int code = TwilioApi.errorCode(response.body());
    if (code == UNSUBSCRIBED) {
      return Sent.UNSUBSCRIBED;
    }
    throw refusal(response, code, "Twilio did not send the text");
  }

  /**
   * Whether a message with this body went from {@code from} to {@code to} since {@code since} and was not reported
   * failed: an earlier attempt that timed out may have been taken.
   */
  public boolean alreadySent(String from, String to, String body, Instant since) {
    String query = "To=" + TwilioApi.encode(to) + "&From=" + TwilioApi.encode(from) + "&"
        + TwilioApi.encode("DateSent>") + "=" + since.atZone(ZoneOffset.UTC).toLocalDate() + "&PageSize=100";
    HttpRequest request = TwilioApi.request(config, "Messages.json?" + query, TIMEOUT).GET().build();
    HttpResponse<String> response = HttpCalls.send(http, request, TwilioApi.SYSTEM);
    if (response.statusCode() / 100 != 2) {
      throw refusal(response, TwilioApi.errorCode(response.body()), "Twilio did not list the texts sent");
    }
    try {
      for (JsonNode message : Json.tree(response.body()).path("messages")) {
        if (body.equals(message.path("body").asText()) && !NOT_SENT.contains(message.path("status").asText())) {
          return true;
        }
      }
      return false;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ExternalSystemException(TwilioApi.SYSTEM, ExternalSystemException.Kind.FAILED,
          "Twilio's list of texts could not be read", null, e);
    }
  }

  private static ExternalSystemException refusal(HttpResponse<String> response, int code, String what) {
    return new ExternalSystemException(TwilioApi.SYSTEM, ExternalSystemException.kindOf(response.statusCode()),
        what + ": " + TwilioApi.errorMessage(response.statusCode(), response.body()) + " (HTTP "
            + response.statusCode() + (code == 0 ? "" : ", error " + code) + ")",
        HttpCalls.retryAfter(response).orElse(null), null);
  }
}
