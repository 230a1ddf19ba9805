package com.qastco.voice.runtime.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.qastco.voice.integrations.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a call came to: the most a caller got done (an order, a booking, a ticket, a hand-over answered by a
 * person, a message for a callback, or nothing), read from the call's tool journal and hand-overs, and a summary:
 * Ultravox's when it gives one, otherwise the sentences of what the tools did.
 */
public record CallOutcome(String outcome, String summary) {
  public static final List<String> OUTCOMES = List.of("ordered", "booked", "ticket", "transferred", "message", "none");
  private static final Map<String, String> BY_TOOL = Map.of("place_order", "ordered", "book_appointment", "booked",
      "create_ticket", "ticket");
  static final int MAX_SUMMARY = 2000;

  /** A successful tool of the call, in order. */
  record Done(String tool, String say) {}

  /** The outcome of what was done, with {@code providerSummary} (Ultravox's, may be null) preferred as summary. */
  static CallOutcome of(List<Done> done, List<String> handovers, String providerSummary) {
    String outcome = done.stream().map(d -> BY_TOOL.get(d.tool())).filter(java.util.Objects::nonNull)
        .min(java.util.Comparator.comparingInt(OUTCOMES::indexOf))
        .orElseGet(() -> handovers.contains("answered") ? "transferred"
            : handovers.stream().anyMatch(s -> s.startsWith("callback") || s.equals("called_back")) ? "message"
            : "none");
    return new CallOutcome(outcome, fit(present(providerSummary) ? providerSummary : derived(done, outcome)));
  }

  private static boolean present(String summary) {
    return summary != null && !summary.isBlank();
  }

  private static String fit(String summary) {
    String text = summary.strip();
    return text.length() > MAX_SUMMARY ? text.substring(0, MAX_SUMMARY - 1) + "…" : text;
  }

  private static String derived(List<Done> done, String outcome) {
    List<String> said = new ArrayList<>();
    done.stream().filter(d -> BY_TOOL.containsKey(d.tool()) || d.tool().equals("transfer_to_staff")
        || d.tool().equals("cancel_appointment") || d.tool().equals("reschedule_appointment")).forEach(d -> said.add(d.say()));
    if (said.isEmpty()) {
      return outcome.equals("none") ? "The caller asked questions; nothing was ordered, booked or passed on."
          : "The caller asked to be called back.";
    }
    return String.join(" ", said);
  }

  /** Works out and stores the outcome of a session's call (in the transaction that records its end). */
  public static CallOutcome store(Connection c, UUID business, UUID session, String callId, String providerSummary)
      throws SQLException {
    List<Done> done = new ArrayList<>();
    try (PreparedStatement select = c.prepareStatement("SELECT tool, result FROM tool_invocation"
        + " WHERE business_id = ? AND call_id = ? AND status = 200 ORDER BY created_at")) {
      select.setObject(1, business);
      select.setString(2, callId);
      try (ResultSet r = select.executeQuery()) {
        while (r.next()) {
          JsonNode result = Json.tree(r.getString(2));
          done.add(new Done(r.getString(1), result.path("say").asText("")));
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new SQLException("Unreadable journal entry", e);
      }
    }
    List<String> handovers = new ArrayList<>();
    try (PreparedStatement select = c.prepareStatement("SELECT status FROM handover WHERE business_id = ?"
        + " AND session_id = ?")) {
      select.setObject(1, business);
      select.setObject(2, session);
      try (ResultSet r = select.executeQuery()) {
        while (r.next()) {
          handovers.add(r.getString(1));
        }
      }
    }
    CallOutcome outcome = of(done, handovers, providerSummary);
    // Ultravox's summary stored earlier (by call.billed arriving first) is kept over the tools' sentences.
    try (PreparedStatement update = c.prepareStatement("UPDATE voice_session SET outcome = ?,"
        + " summary = CASE WHEN ? OR NOT summary_from_provider THEN ? ELSE summary END,"
        + " summary_from_provider = summary_from_provider OR ? WHERE business_id = ? AND id = ? RETURNING summary")) {
      boolean fromProvider = present(providerSummary);
      update.setString(1, outcome.outcome());
      update.setBoolean(2, fromProvider);
      update.setString(3, outcome.summary());
      update.setBoolean(4, fromProvider);
      update.setObject(5, business);
      update.setObject(6, session);
      try (ResultSet r = update.executeQuery()) {
        return r.next() ? new CallOutcome(outcome.outcome(), r.getString(1)) : outcome;
      }
    }
  }

  /**
   * Ultravox's summary arriving after the call ended (with call.billed): stored in place of the tools' sentences.
   * Returns the call's outcome when the summary is news to an owner who was already told the call ended (the
   * caller then tells them again), empty when there is nothing to tell: no summary, the same one, or the end not
   * recorded yet (which will keep it).
   */
  public static java.util.Optional<CallOutcome> providerSummaryArrived(Connection c, UUID business, UUID session,
                                                                       String providerSummary) throws SQLException {
    if (!present(providerSummary)) {
      return java.util.Optional.empty();
    }
    try (PreparedStatement update = c.prepareStatement("UPDATE voice_session SET summary = ?,"
        + " summary_from_provider = true WHERE business_id = ? AND id = ?"
        + " AND (summary IS DISTINCT FROM ? OR NOT summary_from_provider) RETURNING outcome")) {
      String summary = fit(providerSummary);
      update.setString(1, summary);
      update.setObject(2, business);
      update.setObject(3, session);
      update.setString(4, summary);
      try (ResultSet r = update.executeQuery()) {
        return r.next() && r.getString(1) != null ? java.util.Optional.of(new CallOutcome(r.getString(1), summary))
            : java.util.Optional.empty();
      }
    }
  }
}
