package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Who outside the dashboard hears of what the agent did: the staff by e-mail (each event, or a daily digest), the
 * caller by text message, and the Business's own webhook.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.staffEmails) || self.staffEmails.all(e, self.staffEmails.exists_one(f, f == e))",
    fieldPath = ".staffEmails", message = "each staff e-mail address may be listed once")
@ValidationRule(value = "!has(self.staffEvents) || self.staffEvents.all(e, self.staffEvents.exists_one(f, f == e))",
    fieldPath = ".staffEvents", message = "each kind of event may be listed once")
@ValidationRule(value = "!has(self.callerTexts) || self.callerTexts.all(e, self.callerTexts.exists_one(f, f == e))",
    fieldPath = ".callerTexts", message = "each kind of confirmation may be listed once")
public record Notifications(
    @Size(max = 20)
    @JsonPropertyDescription("Addresses that get an e-mail for each new order, appointment, ticket or hand-over"
        + " request (see staffEvents).")
    List<@Size(max = 254) @Pattern(Validation.EMAIL) String> staffEmails,

    @Size(max = 2048) @Pattern(Validation.HTTPS_URL)
    @JsonPropertyDescription("The business's own https endpoint for signed event deliveries.")
    String webhookUrl,

    @Size(max = 4)
    @JsonPropertyDescription("Which events the staff are e-mailed about: orders, appointments, tickets, handovers"
        + " (a caller asking for a person, or a message for a callback). Absent: all of them; empty: none.")
    List<StaffEvent> staffEvents,

    @JsonPropertyDescription("Whether the staff also get one e-mail each morning (08:00 in the Business's time zone)"
        + " listing the previous day's orders, appointments, tickets and callback requests. Set staffEvents to []"
        + " for the digest alone.")
    Boolean staffDigest,

    @Size(max = 2)
    @JsonPropertyDescription("Which confirmations a caller who phoned gets by text message (SMS), sent from the"
        + " number they called to the number they called from: orders, appointments. Absent or empty: none. A"
        + " caller who texts STOP gets no more texts from the business.")
    List<CallerText> callerTexts) {

  /** The kinds of event a member of staff can be told of. */
  public enum StaffEvent {
    @JsonProperty("orders") ORDERS,
    @JsonProperty("appointments") APPOINTMENTS,
    @JsonProperty("tickets") TICKETS,
    @JsonProperty("handovers") HANDOVERS
  }

  /** What a caller can be sent a text to confirm. */
  public enum CallerText {
    @JsonProperty("orders") ORDERS,
    @JsonProperty("appointments") APPOINTMENTS
  }

  public Notifications(List<String> staffEmails, String webhookUrl) {
    this(staffEmails, webhookUrl, null, null, null);
  }

  public List<String> staffEmailsOrEmpty() {
    return staffEmails == null ? List.of() : staffEmails;
  }

  public boolean tellsStaffOf(StaffEvent event) {
    return staffEvents == null || staffEvents.contains(event);
  }

  public boolean digestsForStaff() {
    return Boolean.TRUE.equals(staffDigest) && !staffEmailsOrEmpty().isEmpty();
  }

  public boolean textsCaller(CallerText kind) {
    return callerTexts != null && callerTexts.contains(kind);
  }
}
