package com.qastco.voice.runtime.tools;

import com.qastco.voice.api.v1alpha1.Closure;
import com.qastco.voice.integrations.agent.ToolPack;
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

/** The tools every Business has: who it is, and when it is open (in its own time zone). */
@Singleton
public class GeneralTools implements ToolHandlers {
  private final Clock clock;

  public GeneralTools(Clock clock) {
    this.clock = clock;
  }

  @Override
  public List<ToolHandler> handlers() {
    return List.of(new ToolHandler(ToolPack.BUSINESS_INFO, this::info),
        new ToolHandler(ToolPack.BUSINESS_HOURS, this::hours));
  }

  private ToolAnswer info(Connection c, ToolCall call, Map<String, Object> args) {
    Tenant tenant = call.tenant();
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

  private ToolAnswer hours(Connection c, ToolCall call, Map<String, Object> args) {
    Tenant tenant = call.tenant();
    Hours hours = tenant.spec().hours();
    List<OpeningHours> weekly = hours == null || hours.weekly() == null ? List.of() : hours.weekly();
    List<Closure> closures = hours == null || hours.closures() == null ? List.of() : hours.closures();
    ZonedDateTime now = ZonedDateTime.now(clock.withZone(tenant.zone()));
    boolean open = hours != null && hours.openAt(now);
    return ToolAnswer.ok((open ? "We're open right now. " : "We're closed right now. ") + tenant.schedule(),
        Map.of(
        "openNow", open,
        "timeZone", tenant.zone().getId(),
        "weekly", weekly.stream().map(h -> Map.of("day", h.day().name().toLowerCase(Locale.ROOT),
            "open", h.open(), "close", h.close())).toList(),
        "closures", closures.stream().map(cl -> Map.of("date", cl.date(),
            "reason", cl.reason() == null ? "" : cl.reason())).toList()));
  }
}
