package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;

/** Weekly opening hours in the business's time zone, the days it is closed, and what callers get meanwhile. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Hours(
    @Size(max = 50)
    @JsonPropertyDescription("Opening ranges; a day may have several (lunch and dinner). Missing days are closed.")
    List<OpeningHours> weekly,

    @Size(max = 366)
    List<Closure> closures,

    @JsonPropertyDescription("Calls while closed, by phone or the web widget: answer (the agent answers and says"
        + " when you open; the default) or refuse (callers hear or read the opening hours, no session is used).")
    AfterHours afterHours) {

  public enum AfterHours {
    @JsonProperty("answer") ANSWER,
    @JsonProperty("refuse") REFUSE
  }

  /** Whether {@code now} (in the business's zone) falls in an opening range on a day that is not a closure. */
  public boolean openAt(ZonedDateTime now) {
    if (closures != null && closures.stream().anyMatch(c -> LocalDate.parse(c.date()).equals(now.toLocalDate()))) {
      return false;
    }
    LocalTime time = now.toLocalTime();
    return weekly != null && weekly.stream().anyMatch(h -> h.day().name().equals(now.getDayOfWeek().name())
        && !time.isBefore(LocalTime.parse(h.open()))
        && (h.close().equals("24:00") || time.isBefore(LocalTime.parse(h.close()))));
  }

  /** Refuses calls right now: set to refuse, and closed. */
  public boolean refusesCallsAt(ZonedDateTime now) {
    return afterHours == AfterHours.REFUSE && !openAt(now);
  }
}
