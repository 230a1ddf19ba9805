package com.qastco.voice.runtime.callertexts;

import java.util.Locale;
import java.util.Set;

/**
 * What a caller's text back asks for, by the keywords Twilio itself honours on a long code (its "opt-out keywords"
 * support page): the whole message, any case. With Twilio's Advanced Opt-Out the webhook names it (OptOutType).
 */
enum Keyword {
  STOP, START, HELP, NONE;

  private static final Set<String> STOPS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT",
      "REVOKE", "OPTOUT");
  private static final Set<String> STARTS = Set.of("START", "YES", "UNSTOP");
  private static final Set<String> HELPS = Set.of("HELP", "INFO");

  static Keyword of(String optOutType, String body) {
    if (optOutType != null && !optOutType.isBlank()) {
      try {
        return valueOf(optOutType.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException unknown) {
        // a type Twilio adds later: read the body as below
      }
    }
    String word = body == null ? "" : body.strip().replaceAll("[.!]+$", "").toUpperCase(Locale.ROOT);
    if (STOPS.contains(word)) {
      return STOP;
    }
    if (STARTS.contains(word)) {
      return START;
    }
    return HELPS.contains(word) ? HELP : NONE;
  }
}
