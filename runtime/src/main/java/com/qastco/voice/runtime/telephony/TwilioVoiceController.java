package com.qastco.voice.runtime.telephony;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.sessions.SessionService;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twilio's voice webhook for every number routed to the platform. A request whose signature does not match is
 * refused (403) before anything is read into a session. A genuine call is answered with TwiML either way: the
 * stream to the Business's agent, or a sentence the caller hears (the number is unknown, the Business is not taking
 * calls, it is closed and refuses calls after hours, all its lines are busy, its month's sessions are used up) and
 * a hang-up, so no caller hears Twilio's "application error".
 */
@Controller("/api/v1/telephony/twilio/voice")
public class TwilioVoiceController {
  private static final Logger LOG = LoggerFactory.getLogger(TwilioVoiceController.class);
  private final TwilioWebhook webhook;
  private final TenantDirectory tenants;
  private final SessionService sessions;
  private static final String PENDING = "pending";
  private static final long ANSWER_KEPT = 15 * 60;
  private static final java.time.Duration SAME_ANSWER_WAIT = java.time.Duration.ofSeconds(10);
  private final StatefulRedisConnection<String, String> redis;

  public TwilioVoiceController(TwilioWebhook webhook, TenantDirectory tenants, SessionService sessions,
                               StatefulRedisConnection<String, String> redis) {
    this.redis = redis;
    this.webhook = webhook;
    this.tenants = tenants;
    this.sessions = sessions;
  }

  @Operation(summary = "Answer a phone call routed by Twilio (signed)")
  @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_XML)
  public HttpResponse<String> call(HttpRequest<Map<String, List<String>>> request,
                                   @Nullable @Header(TwilioWebhook.SIGNATURE) String signature) {
    Map<String, List<String>> params = webhook.verified(request, signature);
    String to = TwilioWebhook.first(params, "To");
    String from = TwilioWebhook.first(params, "From");
    Optional<Tenant> tenant = tenants.byPhoneNumber(to);
    if (tenant.isEmpty()) {
      return TwilioWebhook.xml(TwiML.sayAndHangUp("Sorry, this number is not in service."));
    }
    if (tenant.get().suspended()) {
      return TwilioWebhook.xml(TwiML.sayAndHangUp("Sorry, " + tenant.get().displayName() + " is not taking calls at the"
          + " moment. Please try again later."));
    }
    String callSid = TwilioWebhook.first(params, "CallSid");
    if (callSid == null || callSid.isBlank()) {
      throw ApiException.badRequest("CallSid is required");
    }
    String answered = tenant.get().redisPrefix() + "twilio:" + callSid;
    // Twilio sends a request again when an answer is late: the same call gets the same agent, never a second one.
    if (!"OK".equals(redis.sync().set(answered, PENDING, SetArgs.Builder.nx().ex(ANSWER_KEPT)))) {
      return TwilioWebhook.xml(sameAnswer(answered));
    }
    try {
      SessionService.Started started = sessions.start(tenant.get(), "phone", from,
          new SessionService.PhoneCall(callSid, to));
      String twiml = TwiML.connect(started.joinUrl());
      redis.sync().set(answered, twiml, SetArgs.Builder.ex(ANSWER_KEPT));
      return TwilioWebhook.xml(twiml);
    } catch (ApiException e) {
      LOG.info("Call to {} for {} not connected: {}", to, tenant.get().name(), e.code());
      String twiml = TwiML.sayAndHangUp(spoken(tenant.get(), e));
      redis.sync().set(answered, twiml, SetArgs.Builder.ex(ANSWER_KEPT));
      return TwilioWebhook.xml(twiml);
    } catch (RuntimeException e) {
      redis.sync().del(answered); // nothing was answered: a retry may try again
      throw e;
    }
  }

  /** The answer the first request for this call got, waiting a little while it is still being made. */
  private String sameAnswer(String key) {
    long deadline = System.nanoTime() + SAME_ANSWER_WAIT.toNanos();
    while (true) {
      String answer = redis.sync().get(key);
      if (answer != null && !PENDING.equals(answer)) {
        return answer;
      }
      if (answer == null || System.nanoTime() > deadline) {
        return TwiML.sayAndHangUp("Sorry, we cannot connect your call right now. Please try again shortly.");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return TwiML.sayAndHangUp("Sorry, we cannot connect your call right now. Please try again shortly.");
      }
    }
  }

  /** What a caller hears instead of the agent. */
  private static String spoken(Tenant tenant, ApiException refusal) {
    return switch (refusal.code()) {
      case "too_many_calls" -> "All lines of " + tenant.displayName() + " are busy. Please call again in a few"
          + " minutes.";
      case "closed" -> "Thank you for calling " + tenant.displayName() + ". We are closed right now. Our opening"
          + " hours are " + tenant.schedule() + " Please call again then.";
      case "session_limit_reached" -> tenant.displayName() + " cannot take more calls this month. Please contact"
          + " them another way.";
      case "subscription_canceled", "trial_ended", "payment_past_due" -> tenant.displayName() + " is not taking"
          + " calls by phone at the moment. Please contact them another way.";
      default -> "Sorry, we cannot connect your call right now. Please try again shortly.";
    };
  }
}
