package com.qastco.voice.runtime.tools;

import com.qastco.voice.integrations.Json;
import com.qastco.voice.integrations.agent.ToolDefinition;
import com.qastco.voice.integrations.agent.ToolPack;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.qastco.voice.api.credentials.ApiKey;
import com.qastco.voice.runtime.events.LiveEventBus;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.sessions.SessionRepository;
import com.qastco.voice.runtime.tenants.Tenant;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Runs a tool exactly once per (call, invocation). The first thing a call's transaction does is claim the
 * invocation in the journal; an identical invocation racing it waits on that claim and, once the first has
 * committed, gets its answer back (an Ultravox retry, an interrupted caller asking again). The answer is written
 * to the claim in the same transaction as what the tool wrote. A refusal rolls back whatever the tool had begun
 * and is journalled on its own.
 */
@Singleton
public class ToolService {
  private static final java.time.Duration[] DURATION_BUCKETS = java.util.stream.Stream.of(50, 100, 250, 500, 1000,
      2500, 5000, 10000).map(java.time.Duration::ofMillis).toArray(java.time.Duration[]::new);
  private final TenantDatabase database;
  private final LiveEventBus events;
  private final io.micrometer.core.instrument.MeterRegistry meters;
  private final Map<String, ToolHandler> handlers;
  private final RemoteTools remote;
  /** By tool name, or Business and name for a custom tool: at most one entry per tool, whatever its edits. */
  private final Map<String, Compiled> schemas = new ConcurrentHashMap<>();

  private record Compiled(String text, JsonSchema schema) {}

  public ToolService(TenantDatabase database, List<ToolHandlers> packs, RemoteTools remote, LiveEventBus events,
                     io.micrometer.core.instrument.MeterRegistry meters) {
    this.meters = meters;
    this.database = database;
    this.events = events;
    this.remote = remote;
    this.handlers = registry(packs);
  }

  /** Every tool an agent may be given, bound to its work: a tool without a handler stops the start, not a call. */
  static Map<String, ToolHandler> registry(List<ToolHandlers> packs) {
    Map<String, ToolHandler> handlers = packs.stream().flatMap(p -> p.handlers().stream())
        .collect(Collectors.toMap(ToolHandler::name, h -> h));
    List<String> unhandled = ToolPack.all().stream().map(ToolDefinition::name)
        .filter(name -> !handlers.containsKey(name)).sorted().toList();
    if (!unhandled.isEmpty()) {
      throw new IllegalStateException("Tools without a handler: " + String.join(", ", unhandled));
    }
    return Map.copyOf(handlers);
  }

  /** The invocation's identity when the client sends none: the same tool with the same arguments. */
  public static String invocationKey(String tool, Map<String, Object> arguments) {
    return "args:" + ApiKey.sha256(tool + ":" + Json.write(arguments));
  }

  /** Who calls which tool in which call, as established inside the tool's transaction. */
  public record Admitted(ToolCall call, String callId, ToolDefinition tool) {}

  /**
   * Establishes who calls, on the tool's own connection (a token read there costs no transaction of its own);
   * throws to refuse the request.
   */
  @FunctionalInterface
  public interface Admission {
    Admitted admit(Connection c) throws SQLException;
  }

  /** A tool for a session already known (the tool tester's) or for no session (MCP). */
  public ToolAnswer invoke(ToolCall call, String callId, ToolDefinition tool, Map<String, Object> arguments,
                           String invocationKey) {
    return invoke(call.tenant(), c -> {
      if (call.sessionId() != null) {
        SessionRepository.markJoined(c, call.sessionId());
      }
      return new Admitted(call, callId, tool);
    }, arguments, invocationKey);
  }

  public ToolAnswer invoke(Tenant tenant, Admission admission, Map<String, Object> arguments,
                           String invocationKey) {
    long started = System.nanoTime();
    Outcome outcome;
    try {
      outcome = database.inTenant(tenant.businessId(), c -> attempt(c, admission, arguments, invocationKey,
          started));
    } catch (Refused refused) {
      outcome = database.inTenant(tenant.businessId(), c -> journalRefusal(c, admission, arguments,
          invocationKey, refused.answer, started));
    }
    if (outcome.state() == State.CLAIMED) {
      outcome = callRemote(tenant, outcome.admitted(), arguments, invocationKey, started);
    } else if (outcome.state() == State.IN_FLIGHT) {
      outcome = awaitRemote(tenant, outcome.admitted(), invocationKey);
    }
    ToolAnswer answer = outcome.answer();
    String tool = outcome.admitted().tool().name();
    // By tool and outcome only: a tag per Business would make a series per tenant, and so would a custom tool's
    // name (the tenant chooses it). The buckets bracket the voice provider's default tool timeout (2.5 s), the
    // line the alert on the p99 is drawn at.
    Timer.builder("voice.tool.duration").tag("tool", outcome.admitted().tool().custom() ? "custom" : tool)
        .tag("ok", Boolean.toString(answer.ok())).tag("repeat", Boolean.toString(!outcome.fresh()))
        .serviceLevelObjectives(DURATION_BUCKETS).register(meters)
        .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    if (outcome.fresh()) { // published once the answer is committed, and never again for a repeat
      List<LiveEventBus.Published> happened = new ArrayList<>();
      happened.add(new LiveEventBus.Published("tool.executed", Map.of("tool", tool, "ok", answer.ok(),
          "say", answer.say())));
      String announced = outcome.admitted().tool().custom() ? null : handlers.get(tool).liveEvent();
      if (answer.ok() && announced != null) {
        happened.add(new LiveEventBus.Published(announced, answer.data()));
      }
      events.publish(tenant, outcome.admitted().call().sessionId(), happened);
    }
    return answer;
  }

  /**
   * A tool that only reads (the catalog, the hours, who the Business is), run for another channel's read (an MCP
   * resource): no call, no journal entry, no live event.
   */
  public ToolAnswer read(Tenant tenant, ToolDefinition tool) {
    return database.inTenant(tenant.businessId(),
        c -> handlers.get(tool.name()).work().run(c, ToolCall.of(tenant, null), Map.of()));
  }

  /** ANSWERED: the answer is known. CLAIMED: a custom tool's claim is committed, its endpoint still to call.
   * IN_FLIGHT: an identical invocation of a custom tool is calling its endpoint right now. */
  private enum State { ANSWERED, CLAIMED, IN_FLIGHT }

  private record Outcome(Admitted admitted, ToolAnswer answer, boolean fresh, State state) {
    Outcome(Admitted admitted, ToolAnswer answer, boolean fresh) {
      this(admitted, answer, fresh, State.ANSWERED);
    }
  }

  /** A claim older than this is left over by a runtime that stopped mid-call: the next attempt takes it over. */
  private static final java.time.Duration ABANDONED = java.time.Duration.ofSeconds(30);
  private static final long POLL_MILLIS = 100;

  private Outcome callRemote(Tenant tenant, Admitted admitted, Map<String, Object> arguments, String key,
                             long started) {
    RemoteTools.Result result = remote.call(admitted.call(), admitted.tool(), invocationId(admitted, key),
        arguments);
    database.inTenant(tenant.businessId(), c -> {
      if (result.settled()) {
        answer(c, admitted, key, result.answer(), started);
      } else {
        release(c, admitted, key);
      }
      return null;
    });
    return new Outcome(admitted, result.answer(), true);
  }

  /** Waits for the identical invocation's answer, as long as the agent would wait for the tool. */
  private Outcome awaitRemote(Tenant tenant, Admitted admitted, String key) {
    long until = System.nanoTime() + Optional.ofNullable(admitted.tool().timeout())
        .orElse(java.time.Duration.ofSeconds(3)).toNanos();
    while (System.nanoTime() < until) {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      Optional<ToolAnswer> answered = database.inTenant(tenant.businessId(), c -> settled(c, admitted, key));
      if (answered.isPresent()) {
        return new Outcome(admitted, answered.get(), false);
      }
    }
    return new Outcome(admitted, ToolAnswer.refuse("I'm still waiting for an answer on that. Give me a moment"
        + " and ask me again."), false);
  }

  /** Stable across attempts and runtimes, unique per Business, call and invocation: the endpoint dedupes on it. */
  private static String invocationId(Admitted admitted, String key) {
    return "inv_" + java.util.UUID.nameUUIDFromBytes((admitted.call().tenant().businessId() + "/"
        + admitted.callId() + "/" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** A tool's refusal: thrown out of its transaction so that nothing it began is kept. */
  private static final class Refused extends RuntimeException {
    private final transient ToolAnswer answer;

    Refused(ToolAnswer answer) {
      super(null, null, false, false);
      this.answer = answer;
    }
  }

  private Outcome attempt(Connection c, Admission admission, Map<String, Object> arguments, String key,
                          long started) throws SQLException {
    Admitted admitted = admission.admit(c);
    if (!claim(c, admitted, key, arguments, null, started)) {
      return settled(c, admitted, key).map(a -> new Outcome(admitted, a, false))
          .orElseGet(() -> new Outcome(admitted, null, false, State.IN_FLIGHT));
    }
    Optional<String> invalid = validate(admitted.call().tenant(), admitted.tool(), arguments);
    if (invalid.isPresent()) { // nothing was written: the claim takes the refusal
      ToolAnswer refusal = ToolAnswer.refuse(invalid.get());
      answer(c, admitted, key, refusal, started);
      return new Outcome(admitted, refusal, true);
    }
    if (admitted.tool().custom()) { // the claim commits first; the endpoint is called outside the transaction
      return new Outcome(admitted, null, true, State.CLAIMED);
    }
    ToolAnswer answer = handlers.get(admitted.tool().name()).work().run(c, admitted.call(), arguments);
    if (!answer.ok()) {
      throw new Refused(answer);
    }
    answer(c, admitted, key, answer, started);
    return new Outcome(admitted, answer, true);
  }

  /** A refusal leaves nothing behind but its journal entry, unless an identical invocation got there first. */
  private Outcome journalRefusal(Connection c, Admission admission, Map<String, Object> arguments, String key,
                                 ToolAnswer refusal, long started) throws SQLException {
    Admitted admitted = admission.admit(c);
    return claim(c, admitted, key, arguments, refusal, started) ? new Outcome(admitted, refusal, true)
        : new Outcome(admitted, settled(c, admitted, key).orElseThrow(() -> new SQLException(
            "A built-in tool's refusal met a claim in flight")), false);
  }

  private Optional<String> validate(Tenant tenant, ToolDefinition tool, Map<String, Object> arguments) {
    JsonSchema schema;
    try {
      // A custom tool's schema is the Business's own: compiled again when its text changed, so an edit takes
      // effect at once and replaces the entry rather than adding one.
      String text = Json.write(tool.inputSchema());
      schema = schemas.compute(tool.custom() ? tenant.businessId() + ":" + tool.name() : tool.name(),
          (key, known) -> known != null && known.text().equals(text) ? known
              : new Compiled(text, JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                  .getSchema(Json.MAPPER.valueToTree(tool.inputSchema())))).schema();
    } catch (RuntimeException e) {
      return Optional.of("I can't use " + tool.name() + " right now: its arguments are not described correctly.");
    }
    Set<ValidationMessage> problems = schema.validate(Json.MAPPER.valueToTree(arguments));
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("I couldn't do that: " + problems.stream()
        .map(m -> m.getMessage().replaceFirst("^\\$\\.?", "")).sorted().collect(Collectors.joining("; ")) + ".");
  }

  /**
   * Claims the invocation (with its answer when already known). False when it is journalled already: an
   * identical invocation still running makes this wait until it commits (its answer is then the one) or rolls
   * back (this one then goes ahead). A custom tool's claim commits before its endpoint is called (status 0); one
   * abandoned that way long enough ago is taken over.
   */
  private static boolean claim(Connection c, Admitted admitted, String key, Map<String, Object> arguments,
                               ToolAnswer known, long started) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO tool_invocation (business_id, call_id,"
        + " invocation_key, tool, arguments, status, result, duration_ms)"
        + " VALUES (?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?) ON CONFLICT (business_id, call_id, invocation_key)"
        + " DO UPDATE SET created_at = now(), status = EXCLUDED.status, result = EXCLUDED.result"
        + " WHERE tool_invocation.status = 0 AND tool_invocation.created_at < now() - make_interval(secs => "
        + ABANDONED.toSeconds() + ")")) {
      insert.setObject(1, admitted.call().tenant().businessId());
      insert.setString(2, admitted.callId());
      insert.setString(3, key);
      insert.setString(4, admitted.tool().name());
      insert.setString(5, Json.write(arguments));
      insert.setInt(6, known == null ? 0 : status(known));
      insert.setString(7, known == null ? "{}" : result(known));
      insert.setInt(8, known == null ? 0 : elapsedMillis(started));
      return insert.executeUpdate() == 1;
    }
  }

  private static void answer(Connection c, Admitted admitted, String key, ToolAnswer answer, long started)
      throws SQLException {
    try (PreparedStatement update = c.prepareStatement("UPDATE tool_invocation SET status = ?, result = ?::jsonb,"
        + " duration_ms = ? WHERE business_id = ? AND call_id = ? AND invocation_key = ?")) {
      update.setInt(1, status(answer));
      update.setString(2, result(answer));
      update.setInt(3, elapsedMillis(started));
      update.setObject(4, admitted.call().tenant().businessId());
      update.setString(5, admitted.callId());
      update.setString(6, key);
      update.executeUpdate();
    }
  }

  private static void release(Connection c, Admitted admitted, String key) throws SQLException {
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM tool_invocation WHERE business_id = ?"
        + " AND call_id = ? AND invocation_key = ? AND status = 0")) {
      delete.setObject(1, admitted.call().tenant().businessId());
      delete.setString(2, admitted.callId());
      delete.setString(3, key);
      delete.executeUpdate();
    }
  }

  /** The journalled answer; empty while a custom tool's endpoint is still being called (or the claim is gone). */
  private static Optional<ToolAnswer> settled(Connection c, Admitted admitted, String key) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT result, status FROM tool_invocation"
        + " WHERE business_id = ? AND call_id = ? AND invocation_key = ?")) {
      select.setObject(1, admitted.call().tenant().businessId());
      select.setString(2, admitted.callId());
      select.setString(3, key);
      try (ResultSet r = select.executeQuery()) {
        if (!r.next() || r.getInt(2) == 0) {
          return Optional.empty();
        }
        JsonNode result = Json.tree(r.getString(1));
        Map<String, Object> data = Json.MAPPER.convertValue(result.path("data"), Map.class);
        return Optional.of(new ToolAnswer(result.path("ok").asBoolean(), result.path("say").asText(),
            data == null ? Map.of() : data));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new SQLException("Unreadable journal entry", e);
      }
    }
  }

  private static int status(ToolAnswer answer) {
    return answer.ok() ? 200 : 422;
  }

  private static String result(ToolAnswer answer) {
    Map<String, Object> result = new HashMap<>();
    result.put("ok", answer.ok());
    result.put("say", answer.say());
    result.put("data", answer.data());
    return Json.write(result);
  }

  private static int elapsedMillis(long started) {
    return (int) ((System.nanoTime() - started) / 1_000_000);
  }
}
