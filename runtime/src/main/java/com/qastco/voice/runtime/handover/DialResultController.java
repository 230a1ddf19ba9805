package com.qastco.voice.runtime.handover;

import com.qastco.voice.runtime.events.LiveEventBus;
import com.qastco.voice.runtime.outbox.Outbox;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.telephony.TwiML;
import com.qastco.voice.runtime.telephony.TwilioWebhook;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.UUID;

/**
 * Where Twilio posts the outcome of the {@code <Dial>} a hand-over started (its action URL, signed like every
 * Twilio request). Answered: the call ends when the staff hang up. Busy, no answer or failed: the caller hears that
 * someone will call back and the hand-over becomes a callback request. Twilio may post again; the first outcome
 * stands and the caller hears the same.
 */
@Controller("/api/v1/telephony/twilio/handover")
public class DialResultController {
  static final String ENDED = "handover.ended";
  private final TwilioWebhook webhook;
  private final TenantDirectory tenants;
  private final TenantDatabase database;
  private final Outbox outbox;
  private final LiveEventBus events;
  private final MeterRegistry meters;

  public DialResultController(TwilioWebhook webhook, TenantDirectory tenants, TenantDatabase database, Outbox outbox,
                              LiveEventBus events, MeterRegistry meters) {
    this.webhook = webhook;
    this.tenants = tenants;
    this.database = database;
    this.outbox = outbox;
    this.events = events;
    this.meters = meters;
  }

  static String path(UUID business, UUID handover) {
    return "/api/v1/telephony/twilio/handover/" + business + "/" + handover;
  }

  @Operation(summary = "The outcome of a hand-over's dial to the staff (Twilio's action URL, signed)")
  @Post(uri = "/{business}/{handover}", consumes = MediaType.APPLICATION_FORM_URLENCODED,
      produces = MediaType.TEXT_XML)
  public HttpResponse<String> dialed(HttpRequest<Map<String, List<String>>> request, UUID business, UUID handover,
                                     @Nullable @Header(TwilioWebhook.SIGNATURE) String signature) {
    Map<String, List<String>> params = webhook.verified(request, signature);
    Optional<Tenant> tenant = tenants.byId(business);
    if (tenant.isEmpty()) {
      return TwilioWebhook.xml(TwiML.hangUp());
    }
    String dialStatus = Optional.ofNullable(TwilioWebhook.first(params, "DialCallStatus")).orElse("failed");
    boolean answered = dialStatus.equals("completed") || dialStatus.equals("answered");
    String why = switch (dialStatus) {
      case "completed", "answered" -> null;
      case "busy" -> "busy";
      case "no-answer" -> "no_answer";
      case "canceled" -> "caller_hung_up";
      default -> "failed";
    };
    Integer talked = answered ? seconds(TwilioWebhook.first(params, "DialCallDuration")) : null;
    Optional<Handovers.Handover> settled = database.inTenant(business, c -> {
      Optional<Handovers.Handover> done = Handovers.settle(c, handover, answered ? "answered" : "callback_requested",
          why, talked);
      if (done.isPresent()) {
        outbox.enqueue(c, tenant.get(), ENDED, handover, done.get().payload());
      }
      return done;
    });
    settled.ifPresent(h -> {
      meters.counter("voice.handover.transfers", "result", answered ? "answered" : why.replace('_', '-'))
          .increment();
      events.publish(tenant.get(), ENDED, h.sessionId(), h.payload());
    });
    Optional<Handovers.Handover> now = settled.isPresent() ? settled
        : database.inTenant(business, c -> Handovers.find(c, handover));
    return TwilioWebhook.xml(now.map(h -> spoken(tenant.get(), h)).orElse(TwiML.hangUp()));
  }

  /** What the caller hears once the staff phones stopped ringing. */
  private static String spoken(Tenant tenant, Handovers.Handover handover) {
    if (handover.status().equals("answered")) {
      return TwiML.hangUp();
    }
    if (!StaffNumbers.callable(handover.callerPhone())) {
      return TwiML.sayAndHangUp("Sorry, nobody at " + tenant.displayName() + " could take your call just now."
          + " Please call again a little later.");
    }
    return TwiML.sayAndHangUp("Sorry, nobody at " + tenant.displayName() + " could take your call just now. We"
        + " have your number and will call you back as soon as we can. Goodbye.");
  }

  private static Integer seconds(String value) {
    try {
      return value == null ? null : Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
