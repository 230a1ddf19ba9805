package com.qastco.voice.runtime.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestScenarios;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppointmentAndSupportToolsTest implements RuntimeTest {
  /** A Monday well ahead, in the clinic's time zone: open 08:00–12:00 and 13:00–17:00. */
  static final String MONDAY = LocalDate.now(ZoneId.of("America/Chicago")).plusWeeks(2)
      .with(TemporalAdjusters.next(DayOfWeek.MONDAY)).toString();

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  TestScenarios scenarios;

  @Inject
  TenantDatabase database;

  @Test
  void availabilityFollowsOpeningHoursAndBookingsInTheBusinesssTimeZone() {
    ToolCalls clinic = clinic();

    Answer free = clinic.tool("check_availability", Map.of("service", "Annual Checkup", "date", MONDAY));
    Answer booked = clinic.tool("book_appointment", Map.of("service", "annual checkup", "date", MONDAY,
        "time", "09:00", "customerName", "Ann", "customerPhone", "+13125550100"));
    Answer after = clinic.tool("check_availability", Map.of("service", "General Consultation", "date", MONDAY));

    assertThat(times(free)).startsWith("08:00", "08:15").contains("11:15").doesNotContain("11:30",
        "12:00", "12:30").contains("13:00", "16:15").doesNotContain("16:30");
    assertThat(free.get("timeZone")).isEqualTo("America/Chicago");
    assertThat(booked.get("ok")).isEqualTo(true);
    assertThat(booked.get("start").toString()).startsWith(MONDAY + "T09:00").endsWith("-06:00");
    // A 30-minute consultation may not start at 08:45 (it would overlap 09:00–09:45), nor before 09:45.
    assertThat(times(after)).contains("08:30").doesNotContain("08:45", "09:00", "09:30")
        .contains("09:45");
  }

  @Test
  void bookingOutsideOpeningHoursIsRefusedWithFreeTimes() {
    ToolCalls clinic = clinic();

    Answer lunch = clinic.tool("book_appointment", Map.of("service", "Blood Test", "date", MONDAY, "time", "12:15",
        "customerName", "Bo", "customerPhone", "+13125550101"));
    Answer unknown = clinic.tool("book_appointment", Map.of("service", "Massage", "date", MONDAY, "time", "09:00",
        "customerName", "Bo", "customerPhone", "+13125550101"));

    assertThat(lunch.get("ok")).isEqualTo(false);
    assertThat(lunch.get("say").toString()).startsWith("That time is not available; free times that day: 08:00");
    assertThat(unknown.get("say")).isEqualTo("We don't offer Massage; we offer Annual Checkup, Blood Test,"
        + " General Consultation, Vaccination.");
    assertThat(booked(clinic)).isZero();
  }

  @Test
  void twoCallersBookingOneSlotAtTheSameInstantGetOneBooking() throws Exception {
    ToolCalls clinic = clinic();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Answer>> answers = pool.invokeAll(IntStream.range(0, 8).mapToObj(i -> (Callable<Answer>) () ->
          clinic.tool("book_appointment", Map.of("service", "Vaccination", "date", MONDAY, "time", "10:00",
              "customerName", "Caller " + i, "customerPhone", "+1312555020" + i), "invocation-" + i)).toList());
      long ok = 0;
      for (Future<Answer> answer : answers) {
        ok += Boolean.TRUE.equals(answer.get().get("ok")) ? 1 : 0;
      }
      assertThat(ok).isEqualTo(1);
    } finally {
      pool.shutdown();
    }
    assertThat(booked(clinic)).isEqualTo(1);
  }

  @Test
  void aWebCallerCancelsOnlyWithTheBookingsConfirmationCodeAndTheTimeIsFreeAgain() {
    ToolCalls clinic = clinic();
    Answer booked = clinic.tool("book_appointment", Map.of("service", "Blood Test", "date", MONDAY, "time", "14:00",
        "customerName", "Di", "customerPhone", "+13125550300"));
    String code = booked.get("confirmationCode").toString();
    assertThat(code).matches("\\d{6}");
    assertThat(booked.get("say").toString()).contains("The confirmation code is " + String.join(" ", code.split("")));

    // A stranger's call who knows Di's number and sees 14:00 is taken (check_availability tells anyone).
    ToolCalls stranger = ToolCalls.startWithoutCatalog(http, clinic.tenant());
    Answer byPhone = stranger.tool("cancel_appointment", Map.of("date", MONDAY, "time", "14:00",
        "customerPhone", "+13125550300"));
    Answer noCode = stranger.tool("cancel_appointment", Map.of("date", MONDAY, "time", "14:00"));
    String wrong = code.equals("000000") ? "111111" : "000000";
    for (int i = 0; i < 3; i++) {
      Answer guess = stranger.tool("cancel_appointment", Map.of("date", MONDAY, "time", "14:00",
          "confirmationCode", wrong), "guess-" + i);
      assertThat(guess.get("say")).isEqualTo("I can't find a booking with that confirmation code at that time.");
    }
    Answer lucky = stranger.tool("cancel_appointment", Map.of("date", MONDAY, "time", "14:00",
        "confirmationCode", code));

    assertThat(byPhone.get("ok")).isEqualTo(false); // the number is no argument of the tool any more
    assertThat(noCode.get("say")).isEqualTo(
        "To cancel, I need the 6-digit confirmation code given when it was booked.");
    assertThat(lucky.get("ok")).isEqualTo(false);
    assertThat(lucky.get("say").toString()).startsWith("I can't cancel on this call after several wrong codes");
    assertThat(booked(clinic)).isEqualTo(1);

    Answer cancelled = clinic.tool("cancel_appointment", // Di, on her web call (a starter plan has two lines)
        Map.of("date", MONDAY, "time", "14:00", "confirmationCode", code));
    assertThat(cancelled.get("ok")).isEqualTo(true);
    assertThat(times(clinic.tool("check_availability", Map.of("service", "Blood Test", "date", MONDAY))))
        .contains("14:00");
  }

  @Test
  void aTicketTakesItsPriorityFromItsCategory() {
    ToolCalls support = scenarios.call("techsupport.yaml");

    Answer created = support.tool("create_ticket", Map.of("category", "billing questions",
        "subject", "Charged twice", "description", "Two charges on 3 November"));
    Answer status = support.tool("ticket_status", Map.of("ticketNumber", 1));
    Answer noSuchCategory = support.tool("create_ticket", Map.of("category", "Hardware", "subject", "Broken"));

    assertThat(created.get("say")).isEqualTo("Ticket 1 is open with medium priority under Billing Questions.");
    assertThat(status.get("say")).isEqualTo("Ticket 1 is open.");
    assertThat(noSuchCategory.get("say")).isEqualTo("There is no category Hardware; the categories are"
        + " Account Access, Billing Questions, General Inquiry, Technical Issues.");
  }

  @Test
  void toolsOfAnotherPackAreNotOffered() {
    ToolCalls clinic = clinic();

    assertThat(clinic.tool("place_order", Map.of("items", List.of())).status()).isEqualTo(404);
    assertThat(clinic.tool("create_ticket", Map.of()).status()).isEqualTo(404);
  }

  @SuppressWarnings("unchecked")
  private static List<String> times(Answer answer) {
    return (List<String>) answer.get("times");
  }

  private ToolCalls clinic() {
    return scenarios.call("dr-smith.yaml");
  }

  private long booked(ToolCalls calls) {
    return database.inTenant(calls.tenant().businessId(), c -> {
      try (ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM appointment WHERE status = 'booked'")) {
        r.next();
        return r.getLong(1);
      }
    });
  }
}
