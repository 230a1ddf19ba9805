package com.qastco.voice.runtime.callertexts;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.qastco.voice.api.v1alpha1.Notifications.CallerText;
import com.qastco.voice.runtime.tenants.Tenant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * What a caller is texted to confirm what the agent did for them, and to whom a text may go at all. Each text names
 * the Business and says how to stop them, as carriers require.
 */
public final class CallerTexts {
  private static final Map<String, CallerText> KINDS = Map.of("order.placed", CallerText.ORDERS,
      "appointment.booked", CallerText.APPOINTMENTS, "appointment.rescheduled", CallerText.APPOINTMENTS,
      "appointment.cancelled", CallerText.APPOINTMENTS);
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM, HH:mm", Locale.ENGLISH);
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final Set<PhoneNumberType> MOBILE = Set.of(PhoneNumberType.MOBILE,
      PhoneNumberType.FIXED_LINE_OR_MOBILE);
  static final String STOP = " Reply STOP to opt out.";

  private CallerTexts() {}

  /** The kind of confirmation an event is; empty for events no caller is texted about. */
  public static Optional<CallerText> kind(String event) {
    return Optional.ofNullable(KINDS.get(event));
  }

  /**
   * Whether a text to this caller from this number of the Business is one the platform sends: a valid mobile
   * number of the same country. Anybody can sign up and call their own agent, so a text abroad or to a premium line
   * would let a tenant make the platform's account pay for texts the tenant profits from (SMS pumping).
   */
  public static boolean textable(String caller, String from) {
    Optional<PhoneNumber> to = parse(caller);
    Optional<PhoneNumber> sender = parse(from);
    return to.isPresent() && sender.isPresent() && PHONES.isValidNumber(to.get())
        && to.get().getCountryCode() == sender.get().getCountryCode()
        && MOBILE.contains(PHONES.getNumberType(to.get()));
  }

  /** The text confirming the event to its caller. */
  public static Optional<String> body(Tenant tenant, String event, JsonNode p) {
    String name = tenant.displayName();
    return Optional.ofNullable(switch (event) {
      case "order.placed" -> name + ": your order " + p.path("number").asText() + " is placed: "
          + StreamSupport.stream(p.path("items").spliterator(), false)
              .map(i -> i.path("quantity").asText() + " x " + i.path("name").asText())
              .collect(Collectors.joining(", "))
          + ". Total " + p.path("currency").asText() + " " + p.path("total").asText() + "." + STOP;
      case "appointment.booked" -> name + ": your " + p.path("service").asText() + " is booked for "
          + when(tenant, p.path("startsAt").asText()) + "." + STOP;
      case "appointment.rescheduled" -> name + ": your " + p.path("service").asText() + " is moved to "
          + when(tenant, p.path("startsAt").asText()) + "." + STOP;
      case "appointment.cancelled" -> name + ": your appointment on " + when(tenant, p.path("startsAt").asText())
          + " is cancelled." + STOP;
      default -> null;
    });
  }

  private static String when(Tenant tenant, String startsAt) {
    try {
      return WHEN.format(OffsetDateTime.parse(startsAt).atZoneSameInstant(tenant.zone()));
    } catch (DateTimeParseException e) {
      return startsAt;
    }
  }

  private static Optional<PhoneNumber> parse(String e164) {
    if (e164 == null || !e164.startsWith("+")) {
      return Optional.empty();
    }
    try {
      return Optional.of(PHONES.parse(e164, null));
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }
}
