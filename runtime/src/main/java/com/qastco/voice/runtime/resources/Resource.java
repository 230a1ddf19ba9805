package com.qastco.voice.runtime.resources;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A member of staff or a room a Business books: the services it offers, its own week (or the Business's opening
 * hours when it has none), and the minutes it needs between two appointments.
 */
@Serdeable
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
public record Resource(UUID id, String name, String kind, List<UUID> serviceIds, List<Opening> weeklyHours,
                       int bufferMinutes) {

  /** One opening of a day, local time; a close of 24:00 is midnight at the end of the day. */
  @Serdeable
  public record Opening(
      @NotNull @Pattern(regexp = "monday|tuesday|wednesday|thursday|friday|saturday|sunday",
          message = "must be a day of the week in lower case, such as monday") String day,
      @NotNull @Pattern(regexp = "([01]\\d|2[0-3]):[0-5]\\d", message = "must be a time such as 09:00") String open,
      @NotNull @Pattern(regexp = "([01]\\d|2[0-3]):[0-5]\\d|24:00", message = "must be a time such as 17:30")
      String close) {

    public DayOfWeek dayOfWeek() {
      return DayOfWeek.valueOf(day.toUpperCase(Locale.ROOT));
    }

    public LocalTime opens() {
      return LocalTime.parse(open);
    }

    /** Null for 24:00 (the end of the day). */
    public LocalTime closes() {
      return close.equals("24:00") ? null : LocalTime.parse(close);
    }
  }

  /** A resource as a client sends it. */
  @Serdeable
  public record Request(
      @NotBlank @Size(max = 100) String name,
      @NotNull @Pattern(regexp = "staff|room", message = "must be staff or room") String kind,
      @NotNull @Size(min = 1, max = 100, message = "must name between 1 and 100 services") List<@NotNull UUID>
          serviceIds,
      @Size(max = 28) List<@Valid @NotNull Opening> weeklyHours,
      @Min(0) @Max(240) Integer bufferMinutes) {

    /** What the annotations cannot say, in words a person can act on; null when all is well. */
    String problem() {
      if (weeklyHours != null) {
        for (int i = 0; i < weeklyHours.size(); i++) {
          Opening o = weeklyHours.get(i);
          if (o.closes() != null && !o.opens().isBefore(o.closes())) {
            return "weeklyHours[" + i + "]: " + o.open() + " to " + o.close() + " ends before it starts";
          }
        }
      }
      return serviceIds.stream().distinct().count() < serviceIds.size() ? "serviceIds names a service twice" : null;
    }
  }
}
