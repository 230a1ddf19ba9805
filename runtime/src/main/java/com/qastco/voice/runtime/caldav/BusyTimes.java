package com.qastco.voice.runtime.caldav;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Transp;

/**
 * The times a calendar's events make a resource busy, from the iCalendar objects a CalDAV server returned: each
 * event's occurrences between two instants (recurring ones expanded by ical4j, a moved or cancelled occurrence
 * taken from its override), all-day and floating times in the Business's zone. Free ("transparent") and cancelled
 * events, and the platform's own bookings, block nothing. Pure.
 */
public final class BusyTimes {
  /** One busy stretch. */
  public record Busy(Instant start, Instant end) {}

  private BusyTimes() {}

  /**
   * @param objects the calendar objects, one iCalendar text each (an event and its overrides)
   * @param ownUids the suffix of the UIDs the platform gives its own bookings' events ({@code @host})
   */
  public static List<Busy> of(List<String> objects, ZoneId zone, Instant from, Instant to, String ownUids) {
    List<Busy> busy = new ArrayList<>();
    for (String text : objects) {
      Calendar calendar;
      try {
        calendar = new CalendarBuilder().build(new StringReader(text));
      } catch (IOException | ParserException | RuntimeException e) {
        continue; // one unreadable event must not hide the others' busy times
      }
      List<VEvent> events = calendar.getComponents(Component.VEVENT);
      Set<Instant> overridden = new HashSet<>();
      for (VEvent event : events) {
        event.getRecurrenceId().ifPresent(id -> overridden.add(instant(id.getDate(), zone)));
      }
      for (VEvent event : events) {
        String uid = event.getUid().map(u -> u.getValue()).orElse("");
        if (uid.endsWith(ownUids) || !blocks(event)) {
          continue;
        }
        boolean override = event.getRecurrenceId().isPresent();
        for (Busy b : occurrences(event, zone, from, to)) {
          if (override || !overridden.contains(b.start())) {
            busy.add(b);
          }
        }
      }
    }
    return busy;
  }

  private static boolean blocks(VEvent event) {
    boolean free = event.getProperty(Property.TRANSP).map(t -> Transp.VALUE_TRANSPARENT.equalsIgnoreCase(
        t.getValue())).orElse(false);
    boolean cancelled = event.getProperty(Property.STATUS).map(s -> "CANCELLED".equalsIgnoreCase(s.getValue()))
        .orElse(false);
    return !free && !cancelled;
  }

  private static List<Busy> occurrences(VEvent event, ZoneId zone, Instant from, Instant to) {
    List<Busy> found = new ArrayList<>();
    Set<Period<Temporal>> periods;
    try {
      periods = event.calculateRecurrenceSet(new Period<>(from.atZone(zone), to.atZone(zone)));
    } catch (RuntimeException e) {
      return found; // an event ical4j cannot expand (a broken rule) is skipped, not the calendar
    }
    for (Period<Temporal> p : periods) {
      Instant start = instant(p.getStart(), zone);
      Instant end = instant(p.getEnd(), zone);
      if (end.isAfter(start) && start.isBefore(to) && end.isAfter(from)) {
        found.add(new Busy(start, end));
      }
    }
    return found;
  }

  static Instant instant(Temporal t, ZoneId zone) {
    if (t instanceof Instant i) {
      return i;
    }
    if (t instanceof ZonedDateTime z) {
      return z.toInstant();
    }
    if (t instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (t instanceof LocalDateTime l) {
      return l.atZone(zone).toInstant();
    }
    if (t instanceof LocalDate d) {
      return d.atStartOfDay(zone).toInstant();
    }
    throw new IllegalArgumentException("Not a date or time: " + t);
  }
}
