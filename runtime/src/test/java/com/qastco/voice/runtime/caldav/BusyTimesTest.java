package com.qastco.voice.runtime.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.caldav.BusyTimes.Busy;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What other calendars' events block, read as Google, Apple and Thunderbird write them. */
class BusyTimesTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Instant FROM = Instant.parse("2027-03-22T00:00:00Z");
  private static final Instant TO = Instant.parse("2027-04-05T00:00:00Z");

  private static String calendar(String... events) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n" + String.join("", events) + "END:VCALENDAR\r\n";
  }

  private static String event(String uid, String... lines) {
    return "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20270101T000000Z\r\n" + String.join("\r\n", lines)
        + "\r\nEND:VEVENT\r\n";
  }

  private static List<Busy> busy(String... calendars) {
    return BusyTimes.of(List.of(calendars), BERLIN, FROM, TO, "@pizza.voice.example");
  }

  @Test
  void zonedUtcFloatingAndAllDayEvents() {
    assertThat(busy(
        calendar(event("a", "DTSTART;TZID=Europe/Berlin:20270323T100000", "DTEND;TZID=Europe/Berlin:20270323T110000")),
        calendar(event("b", "DTSTART:20270324T090000Z", "DURATION:PT30M")),
        calendar(event("c", "DTSTART:20270325T140000", "DTEND:20270325T150000")),
        calendar(event("d", "DTSTART;VALUE=DATE:20270326", "DTEND;VALUE=DATE:20270327"))))
        .containsExactlyInAnyOrder(
            new Busy(Instant.parse("2027-03-23T09:00:00Z"), Instant.parse("2027-03-23T10:00:00Z")),
            new Busy(Instant.parse("2027-03-24T09:00:00Z"), Instant.parse("2027-03-24T09:30:00Z")),
            new Busy(Instant.parse("2027-03-25T13:00:00Z"), Instant.parse("2027-03-25T14:00:00Z")),
            new Busy(Instant.parse("2027-03-25T23:00:00Z"), Instant.parse("2027-03-26T23:00:00Z")));
  }

  @Test
  void aWeeklyMeetingAcrossTheSpringChangeKeepsItsLocalTimeLessTheExceptions() {
    // Mondays 09:00 Berlin from 22 March: the 29th is after the change (UTC+2), 5 April is past the range.
    String weekly = calendar(
        event("w", "DTSTART;TZID=Europe/Berlin:20270315T090000", "DTEND;TZID=Europe/Berlin:20270315T100000",
            "RRULE:FREQ=WEEKLY;BYDAY=MO"),
        event("w", "RECURRENCE-ID;TZID=Europe/Berlin:20270322T090000", "DTSTART;TZID=Europe/Berlin:20270322T150000",
            "DTEND;TZID=Europe/Berlin:20270322T160000"));
    assertThat(busy(weekly)).containsExactlyInAnyOrder(
        new Busy(Instant.parse("2027-03-22T14:00:00Z"), Instant.parse("2027-03-22T15:00:00Z")),
        new Busy(Instant.parse("2027-03-29T07:00:00Z"), Instant.parse("2027-03-29T08:00:00Z")));
    String skipped = calendar(event("x", "DTSTART;TZID=Europe/Berlin:20270315T090000",
        "DTEND;TZID=Europe/Berlin:20270315T100000", "RRULE:FREQ=WEEKLY;BYDAY=MO",
        "EXDATE;TZID=Europe/Berlin:20270329T090000"));
    assertThat(busy(skipped)).containsExactly(
        new Busy(Instant.parse("2027-03-22T08:00:00Z"), Instant.parse("2027-03-22T09:00:00Z")));
  }

  @Test
  void freeCancelledOwnAndBrokenEventsBlockNothing() {
    assertThat(busy(
        calendar(event("free", "DTSTART:20270323T090000Z", "DTEND:20270323T100000Z", "TRANSP:TRANSPARENT")),
        calendar(event("off", "DTSTART:20270323T090000Z", "DTEND:20270323T100000Z", "STATUS:CANCELLED")),
        calendar(event("0b5a@pizza.voice.example", "DTSTART:20270323T090000Z", "DTEND:20270323T100000Z")),
        "not a calendar",
        calendar(event("later", "DTSTART:20270601T090000Z", "DTEND:20270601T100000Z")))).isEmpty();
  }
}
