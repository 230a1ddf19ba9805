package com.qastco.voice.runtime.handover;

import com.qastco.voice.api.v1alpha1.Handover;
import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.integrations.agent.ToolPack;
import com.qastco.voice.runtime.sessions.SessionRepository;
import com.qastco.voice.runtime.telephony.TwiML;
import com.qastco.voice.runtime.telephony.TwilioCalls;
import com.qastco.voice.runtime.telephony.TwilioConfig;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.tools.ToolAnswer;
import com.qastco.voice.runtime.tools.ToolCall;
import com.qastco.voice.runtime.tools.ToolHandler;
import com.qastco.voice.runtime.tools.ToolHandlers;
import com.qastco.voice.runtime.tools.ToolSupport;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code transfer_to_staff}: a phone call is put through to the Business's staff by giving Twilio's live call new
 * TwiML (a {@code <Dial>} of the staff numbers, whose outcome Twilio posts to {@link DialResultController}); when
 * that cannot be done (a web call, after hours, no staff number, the caller already gone, Twilio failing) a callback
 * request is recorded instead and the agent is given a sentence saying so. Twilio's update is made inside the tool's
 * transaction, after the journal's claim: a repeated invocation waits for the first and never rings the staff twice.
 */
@Singleton
public class HandoverTools implements ToolHandlers {
  static final String REQUESTED = "handover.requested";
  private static final Logger LOG = LoggerFactory.getLogger(HandoverTools.class);
  private final TwilioConfig twilio;
  private final TwilioCalls calls;
  private final ToolSupport support;
  private final Clock clock;
  private final MeterRegistry meters;
  private final TenantDirectory directory;

  public HandoverTools(TwilioConfig twilio, TwilioCalls calls, ToolSupport support, Clock clock,
                       MeterRegistry meters, TenantDirectory directory) {
    this.directory = directory;
    this.twilio = twilio;
    this.calls = calls;
    this.support = support;
    this.clock = clock;
    this.meters = meters;
  }

  @Override
  public List<ToolHandler> handlers() {
    return List.of(new ToolHandler(ToolPack.TRANSFER_TO_STAFF, REQUESTED, this::transfer));
  }

  private ToolAnswer transfer(Connection c, ToolCall call, Map<String, Object> args) throws SQLException {
    Tenant tenant = call.tenant();
    Optional<SessionRepository.PhoneLeg> leg = call.sessionId() == null ? Optional.empty()
        : SessionRepository.phoneLeg(c, call.sessionId());
    String callerPhone = leg.map(SessionRepository.PhoneLeg::caller).filter(StaffNumbers::callable)
        .orElse((String) args.get("customerPhone"));
    Handover spec = tenant.spec().handover();
    List<String> dialable = spec == null ? List.of()
        : StaffNumbers.dialable(spec.staffNumbers(), directory.phoneNumbers(tenant));
    String why;
    if (leg.isEmpty()) {
      why = "web_call";
    } else if (spec == null) {
      why = "no_staff_number";
    } else if (spec.onlyInOpenHours() && !openNow(tenant)) {
      why = "after_hours";
    } else if (dialable.isEmpty()) {
      why = "staff_number_not_dialable";
    } else if (!twilio.canUseRestApi() || twilio.getPublicBaseUrl() == null) {
      why = "transfer_failed";
      LOG.warn("Hand-over for {} taken as a callback: voice.twilio.account-sid or public-base-url is not set",
          tenant.name());
    } else {
      return ring(c, call, args, leg.get(), spec, dialable, callerPhone);
    }
    return callback(c, call, args, callerPhone, why, null);
  }

  private ToolAnswer ring(Connection c, ToolCall call, Map<String, Object> args, SessionRepository.PhoneLeg leg,
                          Handover spec, List<String> dialable, String callerPhone) throws SQLException {
    Tenant tenant = call.tenant();
    Handovers.Handover ringing = handover(call, args, "transferring", null, callerPhone, dialable);
    Handovers.insert(c, tenant.businessId(), ringing, spec.ringSecondsOrDefault());
    String action = twilio.getPublicBaseUrl() + DialResultController.path(tenant.businessId(), ringing.id());
    TwilioCalls.Redirected redirected;
    try {
      redirected = calls.redirect(leg.callSid(), TwiML.dial(spec.messageOrDefault(), dialable,
          spec.ringSecondsOrDefault(), action));
    } catch (ExternalSystemException e) {
      meters.counter("voice.handover.transfers", "result", "failed").increment();
      LOG.warn("Hand-over for {} not made, a callback is recorded instead: {}", tenant.name(), e.getMessage());
      return callback(c, call, args, callerPhone, "transfer_failed", ringing.id());
    }
    if (redirected == TwilioCalls.Redirected.CALL_OVER) {
      meters.counter("voice.handover.transfers", "result", "caller-gone").increment();
      return callback(c, call, args, callerPhone, "caller_hung_up", ringing.id());
    }
    meters.counter("voice.handover.transfers", "result", "ringing").increment();
    support.deliver(c, call, REQUESTED, ringing.id(), ringing.payload());
    return ToolAnswer.ok(spec.messageOrDefault(), ringing.payload());
  }

  /** A callback request instead of a transfer; {@code replacing} is the transfer row that could not ring. */
  private ToolAnswer callback(Connection c, ToolCall call, Map<String, Object> args, String callerPhone,
                              String why, UUID replacing) throws SQLException {
    Tenant tenant = call.tenant();
    if (!StaffNumbers.callable(callerPhone)) {
      // A refusal rolls back what the tool began (a transfer row included): the agent asks, then calls again.
      return ToolAnswer.refuse("To have someone call back I need a phone number. Ask the caller for it, then"
          + " call transfer_to_staff again with customerPhone.");
    }
    Handovers.Handover request;
    if (replacing != null) {
      request = Handovers.settle(c, replacing, "callback_requested", why, null).orElseThrow();
    } else {
      request = handover(call, args, "callback_requested", why, callerPhone, null);
      Handovers.insert(c, tenant.businessId(), request, null);
    }
    support.deliver(c, call, REQUESTED, request.id(), request.payload());
    String because = switch (why) {
      case "after_hours" -> "We're closed right now, so nobody can take the call. ";
      case "caller_hung_up" -> "";
      case "web_call" -> "";
      default -> "Nobody can take the call right now. ";
    };
    return ToolAnswer.ok(because + "I've passed the request on: someone from " + tenant.displayName()
        + " will call back on " + callerPhone + " as soon as they can.", request.payload());
  }

  private static Handovers.Handover handover(ToolCall call, Map<String, Object> args, String status, String why,
                                             String callerPhone, List<String> staffNumbers) {
    return new Handovers.Handover(UUID.randomUUID(), call.sessionId(), status, why, (String) args.get("reason"),
        (String) args.get("customerName"), callerPhone, staffNumbers, null, null, null);
  }

  /** A Business that set no opening hours is taken to be open: nothing says it is closed. */
  private boolean openNow(Tenant tenant) {
    return tenant.spec().hours() == null
        || tenant.spec().hours().openAt(ZonedDateTime.now(clock.withZone(tenant.zone())));
  }
}
