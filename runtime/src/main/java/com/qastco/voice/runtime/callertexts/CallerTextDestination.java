package com.qastco.voice.runtime.callertexts;

import com.fasterxml.jackson.databind.JsonNode;
import com.qastco.voice.api.v1alpha1.Notifications;
import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.integrations.Json;
import com.qastco.voice.runtime.outbox.AddressedDestination;
import com.qastco.voice.runtime.outbox.OutboxRepository;
import com.qastco.voice.runtime.sessions.SessionRepository;
import com.qastco.voice.runtime.sessions.SessionRepository.PhoneLeg;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.telephony.TwilioMessages;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A text to the caller confirming their order or appointment, when the Business chose it
 * ({@code spec.notifications.callerTexts}). It goes only to the number Twilio said called (never to a number the
 * caller or the agent named: that proves nothing), from the Business's number that was called, to a mobile of the
 * same country, at most {@link #PER_DAY} a day to one caller, and never to a caller who texted STOP.
 */
@Singleton
public class CallerTextDestination implements AddressedDestination {
  public static final String NAME = "sms";
  static final int PER_DAY = 5;
  private final TwilioMessages messages;
  private final TenantDirectory tenants;
  private final TenantDatabase database;
  private final SmsOptOuts optOuts;
  private final MeterRegistry meters;

  public CallerTextDestination(TwilioMessages messages, TenantDirectory tenants, TenantDatabase database,
                               SmsOptOuts optOuts, MeterRegistry meters) {
    this.messages = messages;
    this.tenants = tenants;
    this.database = database;
    this.optOuts = optOuts;
    this.meters = meters;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> recipients(Connection c, Tenant tenant, String event, Map<String, Object> payload)
      throws SQLException {
    Notifications notifications = tenant.spec().notifications();
    if (!messages.configured() || notifications == null
        || CallerTexts.kind(event).filter(notifications::textsCaller).isEmpty()) {
      return List.of();
    }
    Optional<PhoneLeg> leg = phoneLeg(c, payload.get("sessionId"));
    if (leg.isEmpty() || sender(tenant, leg.get()).filter(from -> CallerTexts.textable(leg.get().caller(), from))
        .isEmpty()) {
      return List.of(); // a web call, a withheld or foreign number: nobody to text
    }
    String caller = leg.get().caller();
    if (SmsOptOuts.optedOut(c, caller)) {
      return List.of();
    }
    if (textsToday(c, caller) >= PER_DAY) {
      meters.counter("voice.texts.skipped", "reason", "daily-cap").increment();
      return List.of();
    }
    return List.of(caller);
  }

  @Override
  public void deliver(Tenant tenant, OutboxRepository.Entry entry) throws Exception {
    String to = entry.recipient();
    if (optOuts.optedOut(tenant, to)) {
      throw refused("The caller texted STOP; no texts go to them until they text START");
    }
    JsonNode payload = Json.tree(entry.payload());
    Optional<PhoneLeg> leg = database.inTenant(tenant.businessId(),
        c -> phoneLeg(c, payload.path("sessionId").asText(null)));
    String from = leg.flatMap(l -> sender(tenant, l)).orElseThrow(() -> refused("The business has no phone number"
        + " to text from any more"));
    String body = CallerTexts.body(tenant, entry.event(), payload)
        .orElseThrow(() -> refused("There is no text for " + entry.event()));
    if (entry.attempts() > 1 && messages.alreadySent(from, to, body, entry.createdAt())) {
      return; // an earlier attempt's answer was lost, but Twilio took it
    }
    if (messages.send(from, to, body) == TwilioMessages.Sent.UNSUBSCRIBED) {
      optOuts.optOut(tenant, to, "twilio-21610");
      throw refused("Twilio reports that the caller unsubscribed (texted STOP); no texts go to them until they text"
          + " START");
    }
    meters.counter("voice.texts.sent", "event", entry.event()).increment();
  }

  /**
   * The number to text from: the one the caller dialled while the platform still assigns it to this Business,
   * else another of the Business's numbers; never a number it no longer holds.
   */
  private Optional<String> sender(Tenant tenant, PhoneLeg leg) {
    List<String> own = tenants.phoneNumbers(tenant);
    return own.contains(leg.called()) ? Optional.of(leg.called()) : own.stream().findFirst();
  }

  private static Optional<PhoneLeg> phoneLeg(Connection c, Object sessionId) throws SQLException {
    if (sessionId == null) {
      return Optional.empty();
    }
    try {
      return SessionRepository.phoneLeg(c, UUID.fromString(sessionId.toString()))
          .filter(leg -> leg.caller() != null);
    } catch (IllegalArgumentException notAnId) {
      return Optional.empty();
    }
  }

  private static int textsToday(Connection c, String caller) throws SQLException {
    try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM outbox WHERE destination = 'sms'"
        + " AND recipient = ? AND created_at > now() - interval '1 day'")) {
      count.setString(1, caller);
      try (ResultSet r = count.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  private static ExternalSystemException refused(String message) {
    return new ExternalSystemException("Twilio", ExternalSystemException.Kind.REJECTED, message, null, null);
  }
}
