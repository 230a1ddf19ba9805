package com.qastco.voice.runtime.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestHttp;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.catalog.CatalogCsv;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.tools.ToolCalls;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A clinic with several doctors: each takes one appointment at a time, callers may name one, a booking can be
 * moved, and the staff are the clinic's own (API refusals, other tenants).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaffBookingTest implements RuntimeTest {
  private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  CatalogCsv csv;

  @Inject
  CatalogRepository catalog;

  @Inject
  TenantDatabase database;

  /** A Monday a few weeks ahead, in the clinic's zone (open 08:00–12:00 and 13:00–17:00). */
  private static String monday(int weeksAhead) {
    return LocalDate.now(CHICAGO).plusWeeks(weeksAhead).with(TemporalAdjusters.next(DayOfWeek.MONDAY)).toString();
  }

  private record Clinic(Registered tenant, ToolCalls call, Map<String, String> services) {}

  private Clinic clinic() {
    Registered tenant = TestTenants.register(directory, "dr-smith.yaml", false);
    ToolCalls call = ToolCalls.start(http, tenant, csv, catalog, "dr-smith.yaml");
    Map<String, String> services = new HashMap<>();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> items = (List<Map<String, Object>>) api(tenant, HttpRequest.GET(
        "/api/v1/catalog?kind=service")).get("items");
    items.forEach(i -> services.put((String) i.get("name"), (String) i.get("id")));
    return new Clinic(tenant, call, services);
  }

  private Answer api(Registered tenant, HttpRequest<?> request) {
    return TestHttp.send(http, ((io.micronaut.http.MutableHttpRequest<?>) request).header("Host", tenant.host())
        .header("Authorization", "Bearer " + tenant.secretKey()));
  }

  private Answer addStaff(Clinic clinic, String name, Map<String, Object> extra, String... services) {
    Map<String, Object> body = new HashMap<>(Map.of("name", name, "kind", "staff", "serviceIds",
        java.util.Arrays.stream(services).map(clinic.services()::get).toList()));
    body.putAll(extra);
    return api(clinic.tenant(), HttpRequest.POST("/api/v1/resources", body));
  }

  private static Map<String, Object> booking(String date, String time, String who) {
    return Map.of("service", "Blood Test", "date", date, "time", time, "customerName", who,
        "customerPhone", "+1312555" + String.format("%04d", Math.abs(who.hashCode()) % 10_000));
  }

  @SuppressWarnings("unchecked")
  private static List<String> times(Answer availability) {
    return (List<String>) availability.get("times");
  }

  /** Booked appointments as (resource name, start, blocked until), from the database. */
  private List<String[]> booked(Registered tenant) {
    return database.inTenant(tenant.businessId(), c -> {
      List<String[]> all = new ArrayList<>();
      try (ResultSet r = c.createStatement().executeQuery("SELECT r.name, a.starts_at, a.blocked_until"
          + " FROM appointment a LEFT JOIN resource r ON r.id = a.resource_id WHERE a.status = 'booked'"
          + " ORDER BY a.starts_at")) {
        while (r.next()) {
          all.add(new String[] {r.getString(1), r.getTimestamp(2).toInstant().toString(),
              r.getTimestamp(3).toInstant().toString()});
        }
      }
      return all;
    });
  }

  @Test
  void twentyCallersAtOnceNeverDoubleBookADoctorAndEveryDoctorIsUsed() throws Exception {
    Clinic clinic = clinic();
    for (String doctor : List.of("Dr. Smith", "Dr. Jones", "Dr. Patel")) {
      assertThat(addStaff(clinic, doctor, Map.of(), "Blood Test").status()).isEqualTo(201);
    }
    String date = monday(3);
    List<String> times = List.of("09:00", "09:00", "09:00", "09:00", "09:15", "09:15", "09:15", "09:15", "09:30",
        "09:30");
    ExecutorService pool = Executors.newFixedThreadPool(20);
    List<Future<Answer>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        Map<String, Object> args = booking(date, times.get(i % times.size()), "Caller " + i);
        answers.add(pool.submit((Callable<Answer>) () -> clinic.call().tool("book_appointment", args)));
      }
      int ok = 0;
      for (Future<Answer> answer : answers) {
        ok += Boolean.TRUE.equals(answer.get().get("ok")) ? 1 : 0;
      }
      assertThat(ok).isEqualTo(9); // three doctors, three times
    } finally {
      pool.shutdownNow();
    }
    List<String[]> booked = booked(clinic.tenant());
    assertThat(booked).hasSize(9);
    for (String[] a : booked) {
      for (String[] b : booked) {
        boolean overlap = a != b && a[0].equals(b[0]) && Instant.parse(a[1]).isBefore(Instant.parse(b[2]))
            && Instant.parse(b[1]).isBefore(Instant.parse(a[2]));
        assertThat(overlap).as(a[0] + " at " + a[1] + " and " + b[1]).isFalse();
      }
    }
    assertThat(booked.stream().map(a -> a[0]).distinct()).containsExactlyInAnyOrder("Dr. Smith", "Dr. Jones",
        "Dr. Patel");
  }

  @Test
  void aCallerNamesADoctorAndHearsWhoOffersAServiceWhenTheNameIsWrong() {
    Clinic clinic = clinic();
    addStaff(clinic, "Dr. Smith", Map.of(), "Blood Test", "Vaccination");
    addStaff(clinic, "Dr. Jones", Map.of(), "Blood Test");
    String date = monday(3);

    Answer withJones = clinic.call().tool("book_appointment", new HashMap<>(Map.of("service", "Blood Test",
        "date", date, "time", "10:00", "staff", "jones", "customerName", "Ann", "customerPhone", "+13125550001")));
    Answer unknown = clinic.call().tool("check_availability", Map.of("service", "Vaccination", "date", date,
        "staff", "Jones"));
    Answer availability = clinic.call().tool("check_availability", Map.of("service", "Blood Test", "date", date));

    assertThat(withJones.get("ok")).isEqualTo(true);
    assertThat(withJones.get("staff")).isEqualTo("Dr. Jones");
    assertThat(withJones.get("say").toString()).startsWith("Blood Test with Dr. Jones is booked for");
    assertThat(unknown.get("say")).isEqualTo("Jones does not offer Vaccination; it is offered by Dr. Smith.");
    @SuppressWarnings("unchecked")
    Map<String, List<String>> byStaff = (Map<String, List<String>>) availability.get("byStaff");
    assertThat(byStaff.get("Dr. Smith")).contains("10:00");
    assertThat(byStaff.get("Dr. Jones")).doesNotContain("10:00").contains("10:15");
    assertThat(times(availability)).contains("10:00"); // Dr. Smith is free then
  }

  @Test
  void aDoctorsOwnHoursAndBufferDecideTheirSlots() {
    Clinic clinic = clinic();
    addStaff(clinic, "Dr. Early", Map.of("weeklyHours", List.of(Map.of("day", "monday", "open", "08:00",
        "close", "10:00")), "bufferMinutes", 15), "Blood Test");
    String date = monday(3);

    Answer first = clinic.call().tool("book_appointment", booking(date, "08:00", "Bo"));
    Answer free = clinic.call().tool("check_availability", Map.of("service", "Blood Test", "date", date));

    assertThat(first.get("ok")).isEqualTo(true);
    // 08:00–08:15 and 15 minutes' buffer: 08:15 is not free, 08:30 is; nothing after 10:00 (own hours)
    assertThat(times(free)).startsWith("08:30").doesNotContain("08:15", "10:00", "14:00")
        .last().isEqualTo("09:45");
  }

  @Test
  void aBookingMovesToAFreeTimeAtOnceOrStaysWhereItWas() {
    Clinic clinic = clinic();
    addStaff(clinic, "Dr. Smith", Map.of(), "Blood Test");
    String date = monday(3);
    Answer ann = clinic.call().tool("book_appointment", booking(date, "09:00", "Ann"));
    Answer bob = clinic.call().tool("book_appointment", booking(date, "11:00", "Bob"));
    String code = (String) ann.get("confirmationCode");

    Answer wrongCode = clinic.call().tool("reschedule_appointment", Map.of("date", date, "time", "09:00",
        "newDate", date, "newTime", "10:00", "confirmationCode", "000000".equals(code) ? "111111" : "000000"));
    Answer ontoBob = clinic.call().tool("reschedule_appointment", Map.of("date", date, "time", "09:00",
        "newDate", date, "newTime", "11:00", "confirmationCode", code));
    Answer moved = clinic.call().tool("reschedule_appointment", Map.of("date", date, "time", "09:00",
        "newDate", date, "newTime", "10:00", "confirmationCode", code));

    assertThat(bob.get("ok")).isEqualTo(true);
    assertThat(wrongCode.get("ok")).isEqualTo(false);
    assertThat(ontoBob.get("ok")).isEqualTo(false);
    assertThat(ontoBob.get("say").toString()).startsWith("That time is not available, so the appointment stays");
    assertThat(moved.get("ok")).isEqualTo(true);
    assertThat(booked(clinic.tenant())).extracting(a -> a[1]).containsExactly(
        LocalDate.parse(date).atTime(10, 0).atZone(CHICAGO).toInstant().toString(),
        LocalDate.parse(date).atTime(11, 0).atZone(CHICAGO).toInstant().toString());
    assertThat(times(clinic.call().tool("check_availability", Map.of("service", "Blood Test", "date", date,
        "staff", "Smith")))).contains("09:00"); // the old time is free again
  }

  @Test
  void twoBookingsRacingForTheLastFreeTimeOneMovesAndTheOtherStays() throws Exception {
    Clinic clinic = clinic();
    addStaff(clinic, "Dr. Smith", Map.of("weeklyHours", List.of(Map.of("day", "monday", "open", "09:00",
        "close", "09:45"))), "Blood Test");
    String date = monday(3);
    String ann = (String) clinic.call().tool("book_appointment", booking(date, "09:00", "Ann"))
        .get("confirmationCode");
    String bob = (String) clinic.call().tool("book_appointment", booking(date, "09:15", "Bob"))
        .get("confirmationCode");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Answer> first = pool.submit(() -> clinic.call().tool("reschedule_appointment", Map.of("date", date,
          "time", "09:00", "newDate", date, "newTime", "09:30", "confirmationCode", ann)));
      Future<Answer> second = pool.submit(() -> clinic.call().tool("reschedule_appointment", Map.of("date", date,
          "time", "09:15", "newDate", date, "newTime", "09:30", "confirmationCode", bob)));
      List<Object> oks = List.of(first.get().get("ok"), second.get().get("ok"));
      assertThat(oks).containsExactlyInAnyOrder(true, false);
    } finally {
      pool.shutdownNow();
    }
    List<String> starts = booked(clinic.tenant()).stream().map(a -> a[1]).toList();
    assertThat(starts).hasSize(2).doesNotHaveDuplicates()
        .contains(LocalDate.parse(date).atTime(9, 30).atZone(CHICAGO).toInstant().toString());
  }

  @Test
  void theSameLocalTimeEitherSideOfTheSpringChangeIsBookedAtItsOwnOffset() {
    Clinic clinic = clinic();
    addStaff(clinic, "Dr. Smith", Map.of(), "Blood Test");
    LocalDate change = LocalDate.of(LocalDate.now(CHICAGO).getYear() + 1, 3, 1)
        .with(TemporalAdjusters.dayOfWeekInMonth(2, DayOfWeek.SUNDAY)); // US daylight saving starts
    String before = change.with(TemporalAdjusters.previous(DayOfWeek.FRIDAY)).toString();
    String after = change.with(TemporalAdjusters.next(DayOfWeek.MONDAY)).toString();

    Answer friday = clinic.call().tool("book_appointment", booking(before, "09:00", "Fay"));
    Answer monday = clinic.call().tool("book_appointment", booking(after, "09:00", "Mo"));

    assertThat(friday.get("start").toString()).endsWith("T09:00-06:00");
    assertThat(monday.get("start").toString()).endsWith("T09:00-05:00");
  }

  @Test
  void badStaffIsRefusedWithWhatIsWrongAndAnotherClinicsStaffAreOutOfReach() {
    Clinic clinic = clinic();
    Clinic other = clinic();
    String id = (String) addStaff(clinic, "Dr. Smith", Map.of(), "Blood Test").get("id");

    Answer backwards = addStaff(clinic, "Dr. Late", Map.of("weeklyHours", List.of(Map.of("day", "monday",
        "open", "17:00", "close", "09:00"))), "Blood Test");
    Answer noDay = addStaff(clinic, "Dr. Odd", Map.of("weeklyHours", List.of(Map.of("day", "someday",
        "open", "09:00", "close", "17:00"))), "Blood Test");
    Answer robot = api(clinic.tenant(), HttpRequest.POST("/api/v1/resources", Map.of("name", "R2", "kind",
        "robot", "serviceIds", List.of(clinic.services().get("Blood Test")))));
    Answer twice = addStaff(clinic, "dr. smith", Map.of(), "Blood Test");
    Answer othersService = api(clinic.tenant(), HttpRequest.POST("/api/v1/resources", Map.of("name", "Dr. X",
        "kind", "staff", "serviceIds", List.of(other.services().get("Blood Test")))));
    Answer longBuffer = addStaff(clinic, "Dr. Slow", Map.of("bufferMinutes", 600), "Blood Test");

    assertThat(backwards.status()).isEqualTo(400);
    assertThat(backwards.get("message").toString()).contains("weeklyHours[0]: 17:00 to 09:00 ends before it starts");
    assertThat(noDay.status()).isEqualTo(400);
    assertThat(noDay.get("message").toString()).contains("must be a day of the week");
    assertThat(robot.status()).isEqualTo(400);
    assertThat(robot.get("message").toString()).contains("must be staff or room");
    assertThat(twice.status()).isEqualTo(409);
    assertThat(othersService.status()).isEqualTo(400);
    assertThat(othersService.get("message").toString()).contains("in this business's catalog");
    assertThat(longBuffer.status()).isEqualTo(400);

    assertThat(api(other.tenant(), HttpRequest.GET("/api/v1/resources/" + id)).status()).isEqualTo(404);
    assertThat(api(other.tenant(), HttpRequest.PUT("/api/v1/resources/" + id, Map.of("name", "Mine", "kind",
        "staff", "serviceIds", List.of(other.services().get("Blood Test"))))).status()).isEqualTo(404);
    assertThat(api(other.tenant(), HttpRequest.DELETE("/api/v1/resources/" + id)).status()).isEqualTo(404);
    assertThat((List<?>) api(other.tenant(), HttpRequest.GET("/api/v1/resources")).get("items")).isEmpty();
    assertThat(api(clinic.tenant(), HttpRequest.GET("/api/v1/resources/" + id)).get("name")).isEqualTo("Dr. Smith");
  }

  private TestHttp.Answer feedStatus(Registered host, String url) {
    String path = java.net.URI.create(url).getPath();
    try {
      var response = http.toBlocking().exchange(HttpRequest.GET(path).header("Host", host.host()), String.class);
      return new TestHttp.Answer(response.code(), Map.of("body", response.body(), "type",
          response.getContentType().map(Object::toString).orElse("")), response.getHeaders());
    } catch (io.micronaut.http.client.exceptions.HttpClientResponseException e) {
      return new TestHttp.Answer(e.code(), Map.of(), e.getResponse().getHeaders());
    }
  }

  @Test
  void eachDoctorsBookingsAreAnICalendarFeedAtTheirLocalTimesThatCanBeReplacedAndEnded() throws Exception {
    Clinic clinic = clinic();
    Clinic other = clinic();
    String smith = (String) addStaff(clinic, "Dr. Smith", Map.of(), "Blood Test").get("id");
    addStaff(clinic, "Dr. Jones", Map.of(), "Blood Test");
    LocalDate change = LocalDate.of(LocalDate.now(CHICAGO).getYear() + 1, 3, 1)
        .with(TemporalAdjusters.dayOfWeekInMonth(2, DayOfWeek.SUNDAY));
    String before = change.with(TemporalAdjusters.previous(DayOfWeek.FRIDAY)).toString();
    String after = change.with(TemporalAdjusters.next(DayOfWeek.MONDAY)).toString();
    clinic.call().tool("book_appointment", new HashMap<>(Map.of("service", "Blood Test", "date", before,
        "time", "09:00", "staff", "Smith", "customerName", "Fay", "customerPhone", "+13125550101")));
    clinic.call().tool("book_appointment", new HashMap<>(Map.of("service", "Blood Test", "date", after,
        "time", "09:00", "staff", "Smith", "customerName", "Mo", "customerPhone", "+13125550102")));
    clinic.call().tool("book_appointment", new HashMap<>(Map.of("service", "Blood Test", "date", after,
        "time", "10:00", "staff", "Jones", "customerName", "Jo", "customerPhone", "+13125550103")));

    Answer issued = api(clinic.tenant(), HttpRequest.POST("/api/v1/resources/" + smith + "/feed", Map.of()));
    String url = (String) issued.get("url");
    Answer feed = feedStatus(clinic.tenant(), url);

    assertThat(issued.status()).isEqualTo(201);
    assertThat(url).startsWith("http://" + clinic.tenant().host() + "/calendar/").endsWith(".ics");
    assertThat(feed.status()).isEqualTo(200);
    assertThat(feed.get("type").toString()).startsWith("text/calendar");
    net.fortuna.ical4j.model.Calendar parsed = new net.fortuna.ical4j.data.CalendarBuilder()
        .build(new java.io.StringReader((String) feed.get("body")));
    List<net.fortuna.ical4j.model.component.VEvent> events = parsed.getComponents("VEVENT");
    assertThat(events).hasSize(2); // Dr. Jones's booking is in his own feed
    assertThat(events).extracting(e -> e.getSummary().orElseThrow().getValue())
        .containsExactly("Blood Test · Fay", "Blood Test · Mo");
    // Each start is the local 09:00 with the zone's IANA name, which is how calendars read it: the same instant
    // as booked (-06:00 before the change, -05:00 after).
    List<Instant> expected = List.of(LocalDate.parse(before).atTime(9, 0).atZone(CHICAGO).toInstant(),
        LocalDate.parse(after).atTime(9, 0).atZone(CHICAGO).toInstant());
    for (int i = 0; i < 2; i++) {
      var start = events.get(i).getDateTimeStart().orElseThrow();
      assertThat(start.getParameter("TZID").orElseThrow().getValue()).isEqualTo("America/Chicago");
      assertThat(java.time.LocalDateTime.parse(start.getValue(), java.time.format.DateTimeFormatter.ofPattern(
          "yyyyMMdd'T'HHmmss")).atZone(CHICAGO).toInstant()).isEqualTo(expected.get(i));
    }
    assertThat((String) feed.get("body")).contains("BEGIN:VTIMEZONE", "TZID:America/Chicago", "+13125550101");

    assertThat(feedStatus(other.tenant(), url).status()).isEqualTo(404); // another Business's host
    String renewed = (String) api(clinic.tenant(), HttpRequest.POST("/api/v1/resources/" + smith + "/feed",
        Map.of())).get("url");
    assertThat(feedStatus(clinic.tenant(), url).status()).isEqualTo(404);
    assertThat(feedStatus(clinic.tenant(), renewed).status()).isEqualTo(200);
    assertThat(api(other.tenant(), HttpRequest.POST("/api/v1/resources/" + smith + "/feed", Map.of())).status())
        .isEqualTo(404);
    assertThat(api(clinic.tenant(), HttpRequest.DELETE("/api/v1/resources/" + smith + "/feed")).status())
        .isEqualTo(204);
    assertThat(feedStatus(clinic.tenant(), renewed).status()).isEqualTo(404);
  }

  @Test
  void aDoctorsDaysOffHideTheirSlotsAndBadTimeOffIsRefused() {
    Clinic clinic = clinic();
    Clinic other = clinic();
    String smith = (String) addStaff(clinic, "Dr. Smith", Map.of(), "Blood Test").get("id");
    addStaff(clinic, "Dr. Jones", Map.of(), "Blood Test");
    String date = monday(3);
    String later = monday(5);
    clinic.call().tool("book_appointment", new HashMap<>(Map.of("service", "Blood Test", "date", later,
        "time", "09:00", "staff", "Smith", "customerName", "Lu", "customerPhone", "+13125550111")));
    String path = "/api/v1/resources/" + smith + "/time-off";

    Answer away = api(clinic.tenant(), HttpRequest.POST(path, Map.of("from", date, "to", date, "reason",
        "training")));
    Answer availability = clinic.call().tool("check_availability", Map.of("service", "Blood Test", "date", date));
    Answer booked = clinic.call().tool("book_appointment", booking(date, "09:00", "Ada"));
    Answer backwards = api(clinic.tenant(), HttpRequest.POST(path, Map.of("from", date, "to", "2020-01-01")));
    Answer decade = api(clinic.tenant(), HttpRequest.POST(path, Map.of("from", "2027-01-01", "to", "2036-12-31")));
    Answer overBooking = api(clinic.tenant(), HttpRequest.POST(path, Map.of("from", later, "to", later)));
    Answer notADate = api(clinic.tenant(), HttpRequest.POST(path, Map.of("from", "next monday", "to", later)));
    Answer foreign = api(other.tenant(), HttpRequest.POST(path, Map.of("from", date, "to", date)));

    assertThat(away.status()).isEqualTo(201);
    @SuppressWarnings("unchecked")
    Map<String, List<String>> byStaff = (Map<String, List<String>>) availability.get("byStaff");
    assertThat(byStaff).containsOnlyKeys("Dr. Jones");
    assertThat(booked.get("staff")).isEqualTo("Dr. Jones");
    assertThat(backwards.status()).isEqualTo(400);
    assertThat(backwards.get("message").toString()).contains("is before from");
    assertThat(decade.status()).isEqualTo(400);
    assertThat(decade.get("message").toString()).contains("at most 366 days");
    assertThat(overBooking.status()).isEqualTo(409);
    assertThat(overBooking.get("message").toString()).contains("1 appointment(s) are booked");
    assertThat(notADate.status()).isEqualTo(400);
    assertThat(foreign.status()).isEqualTo(404);
    assertThat((List<?>) api(clinic.tenant(), HttpRequest.GET(path)).get("items")).hasSize(1);
    assertThat(api(clinic.tenant(), HttpRequest.DELETE(path + "/" + away.get("id"))).status()).isEqualTo(204);
    assertThat(((Map<?, ?>) clinic.call().tool("check_availability", Map.of("service", "Blood Test", "date", date,
        "staff", "Smith")).body()).get("times")).asList().contains("09:00");
  }
}
