package com.qastco.voice.runtime.resources;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.parameter.TzId;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

/**
 * A resource's bookings as iCalendar (RFC 5545), built by ical4j: one VEVENT per booked appointment, its times in
 * the Business's zone with that zone's VTIMEZONE, so a subscribed calendar shows them at the right local time on
 * either side of a daylight-saving change. Pure: what it shows comes in as arguments.
 */
public final class CalendarFeed {
  private static final TimeZoneRegistry ZONES = TimeZoneRegistryFactory.getInstance().createRegistry();

  private static final java.time.format.DateTimeFormatter LOCAL =
      java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

  private CalendarFeed() {}

  private static ParameterList zoned(ZoneId zone) {
    return new ParameterList(List.of(new TzId(zone.getId())));
  }

  /** One booking as the feed shows it. */
  public record Booking(UUID id, String service, Instant startsAt, Instant endsAt, String customerName,
                        String customerPhone) {}

  public static String of(String calendarName, ZoneId zone, String host, List<Booking> bookings) {
    Calendar calendar = new Calendar();
    calendar.add(new ProdId("-//Voice Agent Platform//Bookings//EN"));
    calendar.add(ImmutableVersion.VERSION_2_0);
    calendar.add(ImmutableCalScale.GREGORIAN);
    calendar.add(new XProperty("X-WR-CALNAME", calendarName));
    calendar.add(new XProperty("X-WR-TIMEZONE", zone.getId()));
    calendar.add(ZONES.getTimeZone(zone.getId()).getVTimeZone());
    for (Booking b : bookings) {
      String who = b.customerName() == null || b.customerName().isBlank() ? "" : " · " + b.customerName();
      VEvent event = new VEvent();
      // The local time is written here, not by ical4j from a ZonedDateTime: its conversion put a Friday before the
      // spring change an hour late (in daylight time), though the VTIMEZONE it writes is right.
      event.add(new DtStart<>(zoned(zone), LOCAL.format(b.startsAt().atZone(zone))));
      event.add(new DtEnd<>(zoned(zone), LOCAL.format(b.endsAt().atZone(zone))));
      event.add(new Summary(b.service() + who));
      event.add(new Uid(b.id() + "@" + host));
      event.add(new Status(Status.VALUE_CONFIRMED));
      if (b.customerPhone() != null && !b.customerPhone().isBlank()) {
        event.add(new Description("Booked by the voice agent. Caller: " + b.customerPhone()));
      }
      calendar.add(event);
    }
    return calendar.toString();
  }
}
