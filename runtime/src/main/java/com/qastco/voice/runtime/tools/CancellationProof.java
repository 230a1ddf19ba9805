package com.qastco.voice.runtime.tools;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a call offers as proof that a booking is the caller's: the number of a phone call (verified: it came in
 * Twilio's signed request, never from what the caller says), and the confirmation code the caller gives. A call
 * gets {@link #MAX_WRONG_CODES} wrong tries, cancelling and moving together, counted from the tool journal (refusals
 * keep nothing else), so a stranger cannot run through the million codes of one booking.
 */
record CancellationProof(String verifiedCaller, String code, boolean exhausted) {
  static final int MAX_WRONG_CODES = 3;
  private static final SecureRandom RANDOM = new SecureRandom();

  static String newCode() {
    return String.format("%06d", RANDOM.nextInt(1_000_000));
  }

  /** "4 8 2 9 1 3": read digit by digit, never as a number. */
  static String spoken(String code) {
    return code.chars().mapToObj(Character::toString).collect(Collectors.joining(" "));
  }

  /** The proof of this call; a tool called outside a voice session (MCP) has no verified number. */
  static CancellationProof of(Connection c, UUID session, String code) throws SQLException {
    if (session == null) {
      return new CancellationProof(null, code, false);
    }
    try (PreparedStatement select = c.prepareStatement("SELECT CASE WHEN s.channel = 'phone' THEN s.caller END,"
        + " (SELECT count(*) FROM tool_invocation t WHERE t.call_id = s.call_id AND t.tool IN ('cancel_appointment',"
        + " 'reschedule_appointment') AND t.status = 422 AND t.arguments->>'confirmationCode' IS NOT NULL) FROM voice_session s WHERE s.id = ?")) {
      select.setObject(1, session);
      try (ResultSet r = select.executeQuery()) {
        if (!r.next()) {
          return new CancellationProof(null, code, false);
        }
        return new CancellationProof(r.getString(1), code, code != null && r.getLong(2) >= MAX_WRONG_CODES);
      }
    }
  }

  boolean isEmpty() {
    return verifiedCaller == null && code == null;
  }
}
