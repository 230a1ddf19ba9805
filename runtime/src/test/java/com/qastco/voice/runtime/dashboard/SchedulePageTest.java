package com.qastco.voice.runtime.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment;
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
import com.qastco.voice.runtime.web.Browser;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dashboard's Schedule in headless Chromium: a clinic's week per doctor, and a booking moved from the day view by
 * the agent's rules (to another doctor, refused onto a taken time, never onto another Business's booking).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchedulePageTest implements RuntimeTest {
  private static final String PASSWORD = "owner password 123";
  private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

  @Inject
  EmbeddedServer server;

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  Owners owners;

  @Inject
  CatalogCsv csv;

  @Inject
  CatalogRepository catalog;

  @Inject
  TenantDatabase database;

  private Browser browser;

  @Override
  public Map<String, String> getProperties() {
    return TestEnvironment.forBrowser(RuntimeTest.super.getProperties());
  }

  @AfterAll
  void close() {
    if (browser != null) {
      browser.close();
    }
  }

  private Answer api(Registered tenant, MutableHttpRequest<?> request) {
    return TestHttp.send(http, request.header("Host", tenant.host()).header("Authorization", "Bearer "
        + tenant.secretKey()));
  }

  private String doctor(Registered tenant, String name) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> items = (List<Map<String, Object>>) api(tenant, HttpRequest.GET(
        "/api/v1/catalog?kind=service")).get("items");
    List<String> all = items.stream().map(i -> (String) i.get("id")).toList();
    return (String) api(tenant, HttpRequest.POST("/api/v1/resources", Map.of("name", name, "kind", "staff",
        "serviceIds", all))).get("id");
  }

  private static Map<String, Object> booking(String date, String time, String who, String staff) {
    return Map.of("service", "Blood Test", "date", date, "time", time, "customerName", who, "staff", staff,
        "customerPhone", "+1312555" + String.format("%04d", Math.abs(who.hashCode()) % 10_000));
  }

  @Test
  void theWeekShowsEachDoctorsBookingsAndAMoveFollowsTheAgentsRules() {
    Registered clinic = TestTenants.register(directory, "dr-smith.yaml", false);
    Registered other = TestTenants.register(directory, "dr-smith.yaml", false);
    ToolCalls call = ToolCalls.start(http, clinic, csv, catalog, "dr-smith.yaml");
    ToolCalls otherCall = ToolCalls.start(http, other, csv, catalog, "dr-smith.yaml");
    doctor(clinic, "Dr. Smith");
    doctor(other, "Dr. Smith");
    String date = LocalDate.now(CHICAGO).plusWeeks(2).with(TemporalAdjusters.next(DayOfWeek.TUESDAY)).toString();

    browser = new Browser();
    owners.add(directory.byId(clinic.businessId()).orElseThrow(), "owner@schedule.example", PASSWORD);
    String base = "http://" + clinic.host() + ":" + server.getPort();
    browser.open(base + "/admin/login");
    browser.find("#email").sendKeys("owner@schedule.example");
    browser.find("#password").sendKeys(PASSWORD);
    browser.submit("form button[type=submit]");
    browser.find("nav a[href='/admin/schedule']").click();
    // Dr. Jones is added here: first without a service (refused, saying so), then offering everything.
    browser.find("#resource-name").sendKeys("Dr. Jones");
    browser.submit("#add-resource button[type=submit]");
    assertThat(browser.find("#schedule-error").getText()).contains("services");
    browser.consoleErrors(); // the refusal's 400, read off the log
    browser.find("#resource-name").sendKeys("Dr. Jones");
    for (var box : browser.driver().findElements(org.openqa.selenium.By.cssSelector("#add-resource input[type=checkbox]"))) {
      box.click();
    }
    browser.submit("#add-resource button[type=submit]");
    assertThat(browser.find("#resources").getText()).contains("Dr. Jones", "Dr. Smith");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> made = (List<Map<String, Object>>) api(clinic, HttpRequest.GET("/api/v1/resources"))
        .get("items");
    String jones = made.stream().filter(r -> r.get("name").equals("Dr. Jones")).map(r -> (String) r.get("id"))
        .findFirst().orElseThrow();
    assertThat((List<?>) made.stream().filter(r -> r.get("name").equals("Dr. Jones")).findFirst().orElseThrow()
        .get("serviceIds")).isNotEmpty();

    String ada = (String) call.tool("book_appointment", booking(date, "09:00", "Ada", "Smith")).get("appointmentId");
    call.tool("book_appointment", booking(date, "10:00", "Bea", "Jones"));
    String foreign = (String) otherCall.tool("book_appointment", booking(date, "11:00", "Cy", "Smith"))
        .get("appointmentId");
    browser.open(base + "/admin/schedule?view=week&date=" + date);
    assertThat(browser.textIn("#schedule tr[data-resource] th", "Dr.").getText()).startsWith("Dr.");
    String week = browser.find("#schedule").getText();
    assertThat(week).contains("Dr. Smith", "Dr. Jones", "09:00–09:15 Blood Test · Ada", "10:00–10:15 Blood Test · Bea")
        .doesNotContain("Cy");
    browser.screenshot("dashboard-schedule-week");
    assertThat(browser.consoleErrors()).isEmpty();

    // Ada moves to Dr. Jones at 10:00, Bea's time: refused, and both stay as they were.
    browser.open(base + "/admin/schedule?view=day&date=" + date);
    browser.find("#booking-" + ada + " summary").click();
    browser.script("const f = document.querySelector(arguments[0]); f.time.value = '10:00';"
        + " f.resource.value = arguments[1];", "#booking-" + ada + " form.move", jones);
    browser.submit("#booking-" + ada + " form.move button[type=submit]");
    assertThat(browser.find("#schedule-error").getText()).contains("Nobody who offers Blood Test is free at 10:00");
    // At 10:30 it moves, to Dr. Jones's row.
    browser.find("#booking-" + ada + " summary").click();
    browser.script("const f = document.querySelector(arguments[0]); f.time.value = '10:30';"
        + " f.resource.value = arguments[1];", "#booking-" + ada + " form.move", jones);
    browser.submit("#booking-" + ada + " form.move button[type=submit]");
    assertThat(browser.find("#schedule tr[data-resource='" + jones + "'] #booking-" + ada).getText())
        .contains("10:30–10:45 Blood Test · Ada");
    browser.screenshot("dashboard-schedule-day");
    String moved = database.inTenant(clinic.businessId(), c -> {
      try (var r = c.createStatement().executeQuery("SELECT event, payload->>'by' FROM outbox WHERE subject_id = '"
          + ada + "' AND event = 'appointment.rescheduled' LIMIT 1")) {
        return r.next() ? r.getString(1) + " " + r.getString(2) : "";
      }
    });
    assertThat(moved).isEqualTo("appointment.rescheduled staff");

    // Another Business's booking id is not this Business's to move.
    browser.open(base + "/admin/schedule?view=day&date=" + date);
    browser.find("form.move").findElement(org.openqa.selenium.By.xpath("../summary")).click();
    browser.script("const f = document.querySelector('form.move'); f.action = '/admin/schedule/' + arguments[0]"
        + " + '/move'; f.time.value = '15:00'; f.resource.value = '';", foreign);
    browser.submit("form.move button[type=submit]");
    assertThat(browser.find("#schedule-error").getText()).contains("No booked appointment");
    String untouched = database.inTenant(other.businessId(), c -> {
      try (var r = c.createStatement().executeQuery("SELECT to_char(starts_at AT TIME ZONE 'America/Chicago',"
          + " 'HH24:MI') FROM appointment WHERE id = '" + foreign + "'")) {
        r.next();
        return r.getString(1);
      }
    });
    assertThat(untouched).isEqualTo("11:00");
  }
}
