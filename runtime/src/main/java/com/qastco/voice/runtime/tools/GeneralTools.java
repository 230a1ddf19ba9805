package com.qastco.voice.runtime.tools;

import com.qastco.voice.api.v1alpha1.Closure;
import com.qastco.voice.api.v1alpha1.Hours;
import com.qastco.voice.api.v1alpha1.OpeningHours;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The tools every Business has: who it is, and when it is open (in its own time zone). */
@Singleton
public class GeneralTools {
  private final Clock clock;

  public GeneralTools(Clock clock) {
    this.clock = clock;
  }

  public List<ToolHandler> handlers() {
    return List.of(new ToolHandler("business_info", this::info), new ToolHandler("business_hours", this::hours),
        new ToolHandler("request_human", this::human));
  }

  private ToolAnswer info(Connection c, Tenant tenant, UUID session, Map<String, Object> args) {
    var spec = tenant.spec();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("name", spec.displayName());
    data.put("type", spec.type().name().toLowerCase(Locale.ROOT));
    if (spec.contact() != null && spec.contact().phone() != null) {
      data.put("phone", spec.contact().phone());
    }
    String reach = spec.contact() != null && spec.contact().phone() != null
        ? " You can reach a person at " + spec.contact().phone() + "." : "";
    return ToolAnswer.ok("This is " + spec.displayName() + "." + reach, data);
  }

  /** The CRD requires a contact e-mail; a phone number is optional. */
  private ToolAnswer human(Connection c, Tenant tenant, UUID session, Map<String, Object> args) {
    var contact = tenant.spec().contact();
    if (contact.phone() == null) {
      return ToolAnswer.ok("The team can be reached at " + contact.email() + ".", Map.of("email", contact.email()));
    }
    return ToolAnswer.ok("You can speak to a person at " + contact.phone() + ".", Map.of("phone", contact.phone()));
  }

  private ToolAnswer hours(Connection c, Tenant tenant, UUID session, Map<String, Object> args) {
    Hours hours = tenant.spec().hours();
    List<OpeningHours> weekly = hours == null || hours.weekly() == null ? List.of() : hours.weekly();
    List<Closure> closures = hours == null || hours.closures() == null ? List.of() : hours.closures();
    ZonedDateTime now = ZonedDateTime.now(clock.withZone(tenant.zone()));
    boolean open = hours != null && hours.openAt(now);
    return ToolAnswer.ok((open ? "We're open right now. " : "We're closed right now. ") + schedule(tenant),
        Map.of(
        "openNow", open,
        "timeZone", tenant.zone().getId(),
        "weekly", weekly.stream().map(h -> Map.of("day", h.day().name().toLowerCase(Locale.ROOT),
            "open", h.open(), "close", h.close())).toList(),
        "closures", closures.stream().map(cl -> Map.of("date", cl.date(),
            "reason", cl.reason() == null ? "" : cl.reason())).toList()));
  }

  /** The week's opening hours as a sentence a caller can hear. */
  public static String schedule(Tenant tenant) {
    Hours hours = tenant.spec().hours();
    List<OpeningHours> weekly = hours == null || hours.weekly() == null ? List.of() : hours.weekly();
    return weekly.isEmpty() ? "No opening hours are set."
        : weekly.stream().map(h -> capitalized(h.day().name()) + " " + h.open() + "–" + h.close())
            .collect(Collectors.joining(", ")) + " (" + tenant.zone().getId() + " time).";
  }

  private static String capitalized(String day) {
    return day.charAt(0) + day.substring(1).toLowerCase(Locale.ROOT);
  }
}
