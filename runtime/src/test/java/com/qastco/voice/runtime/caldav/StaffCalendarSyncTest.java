package com.qastco.voice.runtime.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestHttp;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.catalog.CatalogCsv;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.outbound.TestDns;
import com.qastco.voice.runtime.outbox.OutboxWorker;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.tools.ToolCalls;
import io.fabric8.kubernetes.api.model.Secret;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A doctor's own CalDAV calendar (a real Radicale) synced both ways: what they put there hides slots, what callers
 * book appears there, a deletion there frees the time, an outage costs no booking; the calendar is proven before it
 * is kept, and one Business can neither use nor see another's.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaffCalendarSyncTest implements RuntimeTest {
  private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
  private final TestRadicale radicale = TestRadicale.get();

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

  @Inject
  OutboxWorker worker;

  @Inject
  CalendarSync sync;

  @MockBean(DnsResolver.class)
  DnsResolver dns() {
    return new TestDns();
  }

  @Override
  public Map<String, String> getProperties() {
    TestRadicale.get(); // its certificate is trusted before the runtime makes its clients
    Map<String, String> properties = new HashMap<>(RuntimeTest.super.getProperties());
    // The calendar server stands in for one on the internet: its address is let through on purpose.
    properties.put("voice.outbound.allowed-cidrs", "127.0.0.3/32");
    properties.put("voice.calendars.credentials-namespace", "test-calendars");
    return properties;
  }

  private record Clinic(Registered tenant, ToolCalls call, String smith) {}

  private Clinic clinic() {
    Registered tenant = TestTenants.register(directory, "dr-smith.yaml", false);
    ToolCalls call = ToolCalls.start(http, tenant, csv, catalog, "dr-smith.yaml");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> items = (List<Map<String, Object>>) api(tenant, HttpRequest.GET(
        "/api/v1/catalog?kind=service")).get("items");
    String bloodTest = items.stream().filter(i -> i.get("name").equals("Blood Test")).map(i -> (String) i.get("id"))
        .findFirst().orElseThrow();
    Answer smith = api(tenant, HttpRequest.POST("/api/v1/resources", Map.of("name", "Dr. Smith", "kind", "staff",
        "serviceIds", List.of(bloodTest))));
    return new Clinic(tenant, call, (String) smith.get("id"));
  }

  private Answer api(Registered tenant, MutableHttpRequest<?> request) {
    return TestHttp.send(http, request.header("Host", tenant.host()).header("Authorization", "Bearer "
        + tenant.secretKey()));
  }

  private Answer connect(Clinic clinic, String url, String user, String password) {
    return api(clinic.tenant(), HttpRequest.PUT("/api/v1/resources/" + clinic.smith() + "/calendar", Map.of(
        "url", url, "username", user, "password", password)));
  }

  private static String monday(int weeksAhead) {
    return LocalDate.now(CHICAGO).plusWeeks(weeksAhead).with(TemporalAdjusters.next(DayOfWeek.MONDAY)).toString();
  }

  @SuppressWarnings("unchecked")
  private static List<String> times(Answer availability) {
    return (List<String>) availability.get("times");
  }

  private List<String> free(Clinic clinic, String date) {
    // An invocation id of its own each time: the same question asked again later is a new question.
    return times(clinic.call().tool("check_availability", Map.of("service", "Blood Test", "date", date),
        UUID.randomUUID().toString()));
  }

  private static String meeting(String uid, String date, String from, String to) {
    String day = date.replace("-", "");
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Staff's phone//EN\r\nBEGIN:VEVENT\r\nUID:" + uid
        + "\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=America/Chicago:" + day + "T" + from.replace(":", "")
        + "00\r\nDTEND;TZID=America/Chicago:" + day + "T" + to.replace(":", "") + "00\r\nSUMMARY:Board meeting"
        + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  }

  private static String calendarName() {
    return "cal-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void anEventMadeInTheCalendarHidesItsSlotsAndDeletingItFreesThem() {
    Clinic clinic = clinic();
    String url = radicale.calendar(TestRadicale.USER, TestRadicale.PASSWORD, calendarName());
    String date = monday(2);
    assertThat(connect(clinic, url, TestRadicale.USER, TestRadicale.PASSWORD).status()).isEqualTo(200);
    assertThat(free(clinic, date)).contains("09:45", "10:00", "10:30", "11:00");

    assertThat(radicale.put(TestRadicale.USER, TestRadicale.PASSWORD, url, "board", meeting("board-1", date,
        "10:00", "11:00"))).isEqualTo(201);
    database.inTenant(clinic.tenant().businessId(), c -> c.createStatement().executeUpdate(
        "UPDATE resource_calendar SET next_sync_at = now() - interval '1 second'")); // its turn has come
    assertThat(sync.syncDue()).isGreaterThanOrEqualTo(1);
    assertThat(free(clinic, date)).contains("09:45", "11:00").doesNotContain("10:00", "10:15", "10:30", "10:45");
    Answer booked = clinic.call().tool("book_appointment", Map.of("service", "Blood Test", "date", date,
        "time", "10:30", "customerName", "Ada", "customerPhone", "+13125550101"));
    assertThat(booked.get("ok")).isEqualTo(false);

    assertThat(radicale.delete(TestRadicale.USER, TestRadicale.PASSWORD, url, "board")).isIn(200, 204);
    Answer synced = api(clinic.tenant(), HttpRequest.POST("/api/v1/resources/" + clinic.smith() + "/calendar/sync",
        Map.of()));
    assertThat(synced.get("busyTimes")).isEqualTo(0);
    assertThat(synced.get("error")).isNull();
    assertThat(free(clinic, date)).contains("10:00", "10:15", "10:30", "10:45");
  }

  @Test
  void bookingsAppearInTheCalendarMoveThereAndGoWhenCancelled() {
    Clinic clinic = clinic();
    String url = radicale.calendar(TestRadicale.USER, TestRadicale.PASSWORD, calendarName());
    connect(clinic, url, TestRadicale.USER, TestRadicale.PASSWORD);
    String date = monday(3);
    String day = date.replace("-", "");
    Answer booked = clinic.call().tool("book_appointment", Map.of("service", "Blood Test", "date", date,
        "time", "09:00", "customerName", "Ada Lovelace", "customerPhone", "+13125550102"));
    String id = (String) booked.get("appointmentId");
    worker.drain();
    String event = radicale.get(TestRadicale.USER, TestRadicale.PASSWORD, url, id);
    assertThat(event).contains("SUMMARY:Blood Test · Ada Lovelace", "DTSTART;TZID=America/Chicago:" + day
        + "T090000", "DTEND;TZID=America/Chicago:" + day + "T091500", "BEGIN:VTIMEZONE");
    // Its own booking, read back from the calendar, blocks nothing more than the booking does.
    sync.syncNow(directory.byId(clinic.tenant().businessId()).orElseThrow(), UUID.fromString(clinic.smith()));
    assertThat(api(clinic.tenant(), HttpRequest.GET("/api/v1/resources/" + clinic.smith() + "/calendar"))
        .get("busyTimes")).isEqualTo(0);

    Answer moved = clinic.call().tool("reschedule_appointment", Map.of("date", date, "time", "09:00",
        "newDate", date, "newTime", "14:30", "confirmationCode", booked.get("confirmationCode")));
    assertThat(moved.get("ok")).isEqualTo(true);
    worker.drain();
    assertThat(radicale.get(TestRadicale.USER, TestRadicale.PASSWORD, url, id)).contains("DTSTART;TZID=America/Chicago:"
        + day + "T143000").doesNotContain("T090000");

    Answer cancelled = clinic.call().tool("cancel_appointment", Map.of("date", date, "time", "14:30",
        "confirmationCode", booked.get("confirmationCode")));
    assertThat(cancelled.get("ok")).isEqualTo(true);
    worker.drain();
    assertThat(radicale.get(TestRadicale.USER, TestRadicale.PASSWORD, url, id)).isNull();
  }

  @Test
  void withTheCalendarServerDownSlotsAreStillOfferedAndTheSyncCatchesUp() {
    Clinic clinic = clinic();
    String url = radicale.calendar(TestRadicale.USER, TestRadicale.PASSWORD, calendarName());
    String date = monday(4);
    radicale.put(TestRadicale.USER, TestRadicale.PASSWORD, url, "surgery", meeting("surgery-1", date, "13:00",
        "15:00"));
    connect(clinic, url, TestRadicale.USER, TestRadicale.PASSWORD);
    UUID smith = UUID.fromString(clinic.smith());
    var tenant = directory.byId(clinic.tenant().businessId()).orElseThrow();
    String id;
    radicale.stop();
    try {
      assertThat(sync.syncNow(tenant, smith)).isFalse();
      Answer status = api(clinic.tenant(), HttpRequest.GET("/api/v1/resources/" + clinic.smith() + "/calendar"));
      assertThat((String) status.get("error")).contains("cannot be reached");
      assertThat(status.get("failingSince")).isNotNull();
      // The last busy times read still count; the rest of the day is offered as before.
      assertThat(free(clinic, date)).contains("09:00", "11:45", "15:00").doesNotContain("13:00", "14:45");
      Answer booked = clinic.call().tool("book_appointment", Map.of("service", "Blood Test", "date", date,
          "time", "09:00", "customerName", "Grace", "customerPhone", "+13125550103"));
      assertThat(booked.get("ok")).isEqualTo(true);
      id = (String) booked.get("appointmentId");
      worker.drain();
      assertThat(calendarEntry(clinic, id)).containsEntry("status", "pending");
    } finally {
      radicale.start();
    }
    database.inTenant(clinic.tenant().businessId(), c -> c.createStatement().executeUpdate( // its backoff is over
        "UPDATE outbox SET next_attempt_at = now() WHERE status = 'pending';"
        + " UPDATE outbox_wakeup SET due_at = now() WHERE business_id = current_business()"));
    worker.drain();
    assertThat(calendarEntry(clinic, id)).containsEntry("status", "delivered");
    assertThat(radicale.get(TestRadicale.USER, TestRadicale.PASSWORD, url, id)).contains("Grace");
    assertThat(sync.syncNow(tenant, smith)).isTrue();
    assertThat(api(clinic.tenant(), HttpRequest.GET("/api/v1/resources/" + clinic.smith() + "/calendar"))
        .get("error")).isNull();
  }

  private Map<String, Object> calendarEntry(Clinic clinic, String appointment) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> items = (List<Map<String, Object>>) api(clinic.tenant(), HttpRequest.GET(
        "/api/v1/outbox?limit=100")).get("items");
    return items.stream().filter(e -> CalendarDestination.NAME.equals(e.get("destination"))
        && appointment.equals(e.get("subjectId"))).findFirst().orElseThrow();
  }

  @Test
  void aCalendarIsProvenBeforeItIsKeptAndItsPasswordNeverShown() {
    Clinic clinic = clinic();
    String url = radicale.calendar(TestRadicale.USER, TestRadicale.PASSWORD, calendarName());
    String path = "/api/v1/resources/" + clinic.smith() + "/calendar";

    Answer plain = connect(clinic, url.replace("https://", "http://"), TestRadicale.USER, TestRadicale.PASSWORD);
    Answer wrong = connect(clinic, url, TestRadicale.USER, "guessed");
    Answer principal = connect(clinic, radicale.base() + "/" + TestRadicale.USER + "/", TestRadicale.USER,
        TestRadicale.PASSWORD);
    Answer missing = connect(clinic, radicale.base() + "/" + TestRadicale.USER + "/nothing-here/", TestRadicale.USER,
        TestRadicale.PASSWORD);
    Answer inside = connect(clinic, url.replace(TestDns.CALENDAR, TestDns.REBINDING), TestRadicale.USER,
        TestRadicale.PASSWORD);
    Answer userInUrl = connect(clinic, url.replace("https://", "https://dr-smith:x@"), TestRadicale.USER,
        TestRadicale.PASSWORD);
    Answer blank = api(clinic.tenant(), HttpRequest.PUT(path, Map.of("url", url, "username", "", "password", "x")));

    assertThat(plain.status()).isEqualTo(400);
    assertThat(plain.get("message").toString()).contains("https://");
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.get("message").toString()).contains("refused that username and password");
    assertThat(principal.status()).isEqualTo(400);
    assertThat(principal.get("message").toString()).contains("not a CalDAV calendar");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.get("message").toString()).contains("no calendar at that URL");
    assertThat(inside.status()).isEqualTo(400);
    assertThat(inside.get("message").toString()).contains("private network");
    assertThat(userInUrl.status()).isEqualTo(400);
    assertThat(blank.status()).isEqualTo(400);
    assertThat(api(clinic.tenant(), HttpRequest.GET(path)).status()).isEqualTo(404);

    Answer connected = connect(clinic, url, TestRadicale.USER, TestRadicale.PASSWORD);
    assertThat(connected.status()).isEqualTo(200);
    assertThat(connected.body().toString()).doesNotContain(TestRadicale.PASSWORD);
    assertThat(connected.get("username")).isEqualTo(TestRadicale.USER);
    Secret secret = TestEnvironment.CLUSTER.client().secrets().inNamespace("test-calendars")
        .withName("calendar-" + clinic.smith()).get();
    assertThat(secret.getMetadata().getLabels()).containsEntry(CalendarPasswords.BUSINESS_LABEL,
        clinic.tenant().businessId().toString());
    String kept = database.inTenant(clinic.tenant().businessId(), c -> {
      try (var r = c.createStatement().executeQuery("SELECT * FROM resource_calendar")) {
        StringBuilder all = new StringBuilder();
        while (r.next()) {
          for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
            all.append(r.getString(i)).append(' ');
          }
        }
        return all.toString();
      }
    });
    assertThat(kept).contains(TestRadicale.USER).doesNotContain(TestRadicale.PASSWORD);

    assertThat(api(clinic.tenant(), HttpRequest.DELETE(path)).status()).isEqualTo(204);
    assertThat(TestEnvironment.CLUSTER.client().secrets().inNamespace("test-calendars")
        .withName("calendar-" + clinic.smith()).get()).isNull();
    assertThat(api(clinic.tenant(), HttpRequest.DELETE(path)).status()).isEqualTo(404);
  }

  @Test
  void aBusinessCanNeitherReadAnotherBusinesssCalendarNorTouchItsConnection() {
    Clinic clinic = clinic();
    Clinic stranger = clinic();
    String url = radicale.calendar(TestRadicale.USER, TestRadicale.PASSWORD, calendarName());
    connect(clinic, url, TestRadicale.USER, TestRadicale.PASSWORD);
    String path = "/api/v1/resources/" + clinic.smith() + "/calendar";

    // The stranger knows the URL but has only its own account on the server: the server refuses it.
    Answer borrowed = connect(stranger, url, TestRadicale.OTHER_USER, TestRadicale.OTHER_PASSWORD);
    assertThat(borrowed.status()).isEqualTo(400);
    assertThat(borrowed.get("message").toString()).contains("refused");
    // Nor can it see, sync, replace or remove the clinic's connection through its own key.
    assertThat(api(stranger.tenant(), HttpRequest.GET(path)).status()).isEqualTo(404);
    assertThat(api(stranger.tenant(), HttpRequest.POST(path + "/sync", Map.of())).status()).isEqualTo(404);
    assertThat(api(stranger.tenant(), HttpRequest.PUT(path, Map.of("url", url, "username", TestRadicale.USER,
        "password", TestRadicale.PASSWORD))).status()).isEqualTo(404);
    assertThat(api(stranger.tenant(), HttpRequest.DELETE(path)).status()).isEqualTo(404);
    assertThat(api(clinic.tenant(), HttpRequest.GET(path)).get("url")).isEqualTo(url);
  }
}
