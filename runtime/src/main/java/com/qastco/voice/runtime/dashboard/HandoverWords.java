package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.runtime.handover.Handovers;

/** A hand-over's outcome, and a call's, in the owner's words. */
public final class HandoverWords {
  private HandoverWords() {}

  public static String outcome(Handovers.Handover h) {
    return switch (h.status()) {
      case "transferring" -> "being put through to the staff";
      case "answered" -> "put through and answered" + (h.talkSeconds() == null ? "" : " (" + h.talkSeconds() + " s)");
      case "called_back" -> "called back";
      default -> "call back: " + switch (h.why() == null ? "" : h.why()) {
        case "after_hours" -> "asked after hours";
        case "no_answer" -> "nobody answered";
        case "busy" -> "the staff line was busy";
        case "caller_hung_up" -> "the caller hung up";
        case "web_call" -> "asked on a web call";
        case "no_staff_number" -> "no staff number is set up";
        case "staff_number_not_dialable" -> "the staff number cannot be rung from the platform";
        default -> "the call could not be put through";
      };
    };
  }

  /** A call's outcome (CallOutcome.OUTCOMES) as the Calls page names it, in the list and in its filter. */
  public static String callOutcome(String outcome) {
    return switch (outcome) {
      case "none" -> "no action";
      case "message" -> "message taken";
      default -> outcome;
    };
  }
}
