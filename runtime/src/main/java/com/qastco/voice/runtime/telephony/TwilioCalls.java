package com.qastco.voice.runtime.telephony;

import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.integrations.http.HttpCalls;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/**
 * Twilio's REST API for a live call ("Modifying live calls": {@code POST /2010-04-01/Accounts/{AccountSid}/Calls/
 * {CallSid}.json} with new TwiML), basic auth with the account SID and auth token. A 429, a 5xx or no answer is
 * retried with backoff, but only within {@code voice.twilio.transfer-deadline}: a caller is waiting.
 */
@Singleton
public class TwilioCalls {
  static final String SYSTEM = TwilioApi.SYSTEM;
  /** 20404: no such call (it ended and is gone, or never was); 21220: the call is no longer in progress. */
  private static final Set<Integer> CALL_OVER = Set.of(20404, 21220);
  private final TwilioConfig config;
  private final HttpClient http = HttpCalls.client(Duration.ofSeconds(1));

  public TwilioCalls(TwilioConfig config) {
    this.config = config;
  }

  public enum Redirected {
    /** Twilio now runs the new TwiML on the call. */
    DONE,
    /** The caller has already hung up. */
    CALL_OVER
  }

  /** Gives the live call new TwiML; throws {@link ExternalSystemException} when Twilio could not be made to. */
  public Redirected redirect(String callSid, String twiml) {
    long deadline = System.nanoTime() + config.getTransferDeadline().toNanos();
    RetryPolicy<Redirected> retry = RetryPolicy.<Redirected>builder()
        .handleIf(e -> e instanceof ExternalSystemException failure && failure.retryable())
        .withBackoff(Duration.ofMillis(100), Duration.ofMillis(800))
        .withMaxDuration(config.getTransferDeadline())
        .withMaxRetries(4)
        .build();
    try {
      return Failsafe.with(retry).get(() -> once(callSid, twiml, remaining(deadline)));
    } catch (FailsafeException e) {
      throw e.getCause() instanceof ExternalSystemException failure ? failure
          : new ExternalSystemException(SYSTEM, ExternalSystemException.Kind.FAILED, "Twilio call update failed",
              null, e);
    }
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(Duration.ofMillis(50).toNanos(), deadline - System.nanoTime()));
  }

  private Redirected once(String callSid, String twiml, Duration timeout) {
    HttpRequest request = TwilioApi.request(config, "Calls/" + TwilioApi.encode(callSid) + ".json", timeout)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("Twiml=" + TwilioApi.encode(twiml)))
        .build();
    HttpResponse<String> response = HttpCalls.send(http, request, SYSTEM);
    if (response.statusCode() / 100 == 2) {
      return Redirected.DONE;
    }
    int code = TwilioApi.errorCode(response.body());
    if (CALL_OVER.contains(code)) {
      return Redirected.CALL_OVER;
    }
    // Twilio's message names the problem (an unverified caller ID, say) and never the credentials.
    throw new ExternalSystemException(SYSTEM, ExternalSystemException.kindOf(response.statusCode()),
        "Twilio refused the call update: HTTP " + response.statusCode() + (code == 0 ? "" : ", error " + code),
        HttpCalls.retryAfter(response).orElse(null), null);
  }
}
