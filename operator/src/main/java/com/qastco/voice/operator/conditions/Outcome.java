package com.qastco.voice.operator.conditions;

/** How one provisioned part stands: becomes one condition of the Business status. */
public record Outcome(String type, boolean ok, String reason, String message) {
  public static Outcome ok(String type, String reason, String message) {
    return new Outcome(type, true, reason, message);
  }

  public static Outcome failed(String type, String reason, String message) {
    return new Outcome(type, false, reason, message);
  }
}
