package com.qastco.voice.operator.conditions;

/**
 * How one provisioned part stands: becomes one condition of the Business status.
 *
 * @param gatesReady whether a failed outcome holds up Ready; false for what the platform host works without (a
 *                   custom domain's certificate, an unassigned phone number, an external system switched off)
 */
public record Outcome(String type, boolean ok, String reason, String message, boolean gatesReady) {
  public static Outcome ok(String type, String reason, String message) {
    return new Outcome(type, true, reason, message, true);
  }

  public static Outcome failed(String type, String reason, String message) {
    return new Outcome(type, false, reason, message, true);
  }

  /** The same outcome, but not holding up Ready. */
  public Outcome advisory() {
    return new Outcome(type, ok, reason, message, false);
  }
}
