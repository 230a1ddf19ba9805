package com.qastco.voice.runtime.webhooks;

import com.qastco.voice.integrations.Json;
import com.qastco.voice.runtime.storage.ReceivedWebhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.integrations.ultravox.UltravoxApi;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.api.RetryLater;
import com.qastco.voice.runtime.events.LiveEventBus;
import com.qastco.voice.runtime.sessions.LiveSessions;
import com.qastco.voice.runtime.sessions.CallOutcome;
import com.qastco.voice.runtime.sessions.SessionRepository;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a call event does to its session, once per event id ({@code <event>:<callId>}), whatever the order the
 * events arrive in: joined marks the session joined; ended closes it, frees its line and stores the transcript;
 * billed records the billed duration. Every change is monotonic (an ended session never becomes joined again), so
 * a late or repeated event changes nothing it should not.
 */
@Singleton
public class CallEventHandler {
  private static final Logger LOG = LoggerFactory.getLogger(CallEventHandler.class);
  private static final String SOURCE = "ultravox";
  private final TenantDirectory tenants;
  private final TenantDatabase database;
  private final SessionRepository sessions;
  private final LiveSessions live;
  private final UltravoxApi ultravox;
  private final LiveEventBus events;
  private final com.qastco.voice.runtime.billing.UsageLedger ledger;

  private final com.qastco.voice.runtime.outbox.Outbox outbox;

  public CallEventHandler(TenantDirectory tenants, TenantDatabase database, SessionRepository sessions, LiveSessions live,
                    UltravoxApi ultravox, LiveEventBus events, com.qastco.voice.runtime.billing.UsageLedger ledger,
                    com.qastco.voice.runtime.outbox.Outbox outbox) {
    this.outbox = outbox;
    this.events = events;
    this.ledger = ledger;
    this.tenants = tenants;
    this.database = database;
    this.sessions = sessions;
    this.live = live;
    this.ultravox = ultravox;
  }

  /** What the event was about, read from the call's metadata that the runtime set when it created the call. */
  record Subject(String event, String callId, Tenant tenant, UUID sessionId, JsonNode call) {
    String eventId() {
      return event + ":" + callId;
    }
  }

  /** Whether the event did something (false: a repeat of one already processed). */
  public boolean handle(JsonNode payload) {
    Subject subject = subject(payload);
    // Each change is recorded with the event in one transaction, which is what makes a repeat do nothing.
    return switch (subject.event()) {
      case "call.joined" -> announced(subject, recordWith(subject, c -> sessions.callJoined(c, subject.sessionId(),
          subject.callId(), time(subject.call(), "joined").orElse(Instant.now()))), java.util.Map.of());
      case "call.ended" -> ended(subject);
      case "call.billed" -> billed(subject);
      default -> recordWith(subject, c -> { }); // call.started and events to come: recorded, nothing to do
    };
  }

  /**
   * The line is freed first (at once, even if the transcript cannot be fetched yet); the event is recorded only
   * with the transcript, so when Ultravox cannot give it, the 503 makes Ultravox deliver the event again later.
   */
  private boolean ended(Subject subject) {
    UUID business = subject.tenant().businessId();
    // Looked up first here only: a repeat must not fetch the transcript from Ultravox again.
    if (database.inTenant(business, c -> ReceivedWebhooks.seen(c, business, SOURCE, subject.eventId()))) {
      return false;
    }
    JsonNode call = subject.call();
    Instant endedAt = time(call, "ended").orElse(Instant.now());
    Optional<SessionRepository.Ended> ended = database.inTenant(subject.tenant().businessId(), c -> {
      Optional<SessionRepository.Ended> closed = sessions.callEnded(c, subject.sessionId(), subject.callId(),
          time(call, "joined").orElse(null), endedAt, call.path("endReason").asText("hangup"));
      if (closed.isPresent() && "ended".equals(closed.get().status())) {
        ledger.record(c, subject.tenant(), subject.sessionId()); // in the transaction that closes it
      }
      return closed;
    });
    ended.ifPresent(e -> {
      if ("expired".equals(e.status())) {
        live.release(subject.tenant(), subject.sessionId()); // never joined: not counted for the month
      } else {
        live.end(subject.tenant(), subject.sessionId());
      }
    });
    String transcript;
    try {
      transcript = Json.write(ultravox.messages(subject.callId()).stream()
          .map(CallEventHandler::transcriptLine).toList());
    } catch (ExternalSystemException e) {
      LOG.warn("Transcript of call {} not fetched yet: {}", subject.callId(), e.getMessage());
      throw new RetryLater("transcript_unavailable", "The call's transcript cannot be fetched yet; deliver again"
          + " later", 60);
    }
    String endReason = call.path("endReason").asText("hangup");
    CallOutcome[] outcome = new CallOutcome[1];
    boolean recorded = recordWith(subject, c -> {
      sessions.storeTranscript(c, subject.sessionId(), subject.callId(), transcript);
      outcome[0] = CallOutcome.store(c, business, subject.sessionId(), subject.callId(), providerSummary(call));
      java.util.Map<String, Object> completed = new java.util.LinkedHashMap<>();
      completed.put("sessionId", subject.sessionId().toString());
      completed.put("outcome", outcome[0].outcome());
      completed.put("summary", outcome[0].summary());
      completed.put("endReason", endReason);
      completed.put("endedAt", endedAt.toString());
      outbox.enqueue(c, subject.tenant(), "call.completed", subject.sessionId(), completed);
    });
    return announced(subject, recorded, recorded ? java.util.Map.of("endReason", endReason, "outcome",
        outcome[0].outcome(), "summary", outcome[0].summary()) : java.util.Map.of());
  }

  /**
   * The billed duration, and Ultravox's summary when it was not ready at call.ended: the session keeps it and, if
   * the owner was already told the call ended, the Business's webhook gets {@code call.summarized} and the
   * dashboards the same event live.
   */
  private boolean billed(Subject subject) {
    JsonNode call = subject.call();
    UUID business = subject.tenant().businessId();
    java.util.List<CallOutcome> summarized = new java.util.ArrayList<>();
    boolean recorded = recordWith(subject, c -> {
      sessions.callBilled(c, subject.sessionId(), subject.callId(), seconds(call.path("billedDuration").asText(null)),
          call.path("billingStatus").asText(null));
      Optional<CallOutcome> late = CallOutcome.providerSummaryArrived(c, business, subject.sessionId(),
          providerSummary(call));
      if (late.isPresent()) {
        summarized.add(late.get());
        outbox.enqueue(c, subject.tenant(), "call.summarized", subject.sessionId(), java.util.Map.of(
            "sessionId", subject.sessionId().toString(), "outcome", late.get().outcome(),
            "summary", late.get().summary()));
      }
    });
    summarized.forEach(o -> events.publish(subject.tenant(), "call.summarized", subject.sessionId(),
        java.util.Map.of("outcome", o.outcome(), "summary", o.summary())));
    return recorded;
  }

  /** Ultravox's summary of the call, when it has one by now (the short one is what an owner reads in a list). */
  private static String providerSummary(JsonNode call) {
    for (String field : List.of("shortSummary", "summary")) {
      if (call.path(field).isTextual() && !call.path(field).asText().isBlank()) {
        return call.path(field).asText();
      }
    }
    return null;
  }

  /** Tells the dashboards (once: only when this delivery was the one that recorded the event). */
  private boolean announced(Subject subject, boolean recorded, java.util.Map<String, Object> data) {
    if (recorded) {
      events.publish(subject.tenant(), subject.event(), subject.sessionId(), data);
    }
    return recorded;
  }

  /** The parts of a message the dashboard shows; tool results stay in the tool journal. */
  private static java.util.Map<String, Object> transcriptLine(JsonNode message) {
    java.util.Map<String, Object> line = new java.util.LinkedHashMap<>();
    line.put("role", message.path("role").asText());
    line.put("text", message.path("text").asText(""));
    if (message.hasNonNull("toolName")) {
      line.put("tool", message.get("toolName").asText());
    }
    if (message.hasNonNull("medium")) {
      line.put("medium", message.get("medium").asText());
    }
    return line;
  }

  private interface Change {
    void apply(java.sql.Connection c) throws java.sql.SQLException;
  }

  /** The change and the event's record commit together: processed exactly once. */
  private boolean recordWith(Subject subject, Change change) {
    UUID business = subject.tenant().businessId();
    return database.inTenant(business, c -> {
      if (!ReceivedWebhooks.record(c, business, SOURCE, subject.eventId())) {
        return false;
      }
      change.apply(c);
      return true;
    });
  }

  private Subject subject(JsonNode payload) {
    String event = payload.path("event").asText(null);
    JsonNode call = payload.path("call");
    String callId = call.path("callId").asText(null);
    if (event == null || callId == null || event.length() > 60 || callId.length() > 100) {
      throw ApiException.badRequest("An event needs 'event' and 'call.callId'");
    }
    JsonNode metadata = call.path("metadata");
    Optional<UUID> business = uuid(metadata.path("businessId").asText(null));
    Optional<UUID> session = uuid(metadata.path("sessionId").asText(null));
    Optional<Tenant> tenant = business.flatMap(tenants::byId);
    if (tenant.isEmpty() || session.isEmpty()) {
      throw ApiException.notFound("Call " + callId + " was not started by this platform");
    }
    return new Subject(event, callId, tenant.get(), session.get(), call);
  }

  private static Optional<UUID> uuid(String value) {
    try {
      return value == null ? Optional.empty() : Optional.of(UUID.fromString(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> time(JsonNode call, String field) {
    String value = call.path(field).asText(null);
    return value == null ? Optional.empty() : UltravoxSignature.time(value);
  }

  /** "42s", "41.5s": Ultravox's duration strings. */
  static BigDecimal seconds(String duration) {
    if (duration == null || !duration.matches("^\\d+(\\.\\d{1,9})?s$")) {
      return null;
    }
    return new BigDecimal(duration.substring(0, duration.length() - 1));
  }

  static List<String> events() {
    return List.of("call.started", "call.joined", "call.ended", "call.billed");
  }
}
