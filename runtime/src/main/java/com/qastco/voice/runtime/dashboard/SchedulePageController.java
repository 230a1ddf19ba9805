package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.runtime.activity.AppointmentRepository;
import com.qastco.voice.runtime.activity.AppointmentRepository.Appointment;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.dashboard.OwnerSessions.Owner;
import com.qastco.voice.runtime.resources.Resource;
import com.qastco.voice.runtime.resources.ResourceRepository;
import com.qastco.voice.runtime.resources.ResourcesController;
import com.qastco.voice.runtime.catalog.CatalogKind;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.web.Forms;
import com.qastco.voice.runtime.web.Pages;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The dashboard's Schedule: a day or a week of bookings, one row per member of staff or room, each booking movable
 * to another time or person by the rules the agent follows ({@link Rescheduling}).
 */
@Controller("/admin/schedule")
@Hidden
public class SchedulePageController {
  private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);
  private final OwnerSessions owners;
  private final Pages pages;
  private final AppointmentRepository appointments;
  private final ResourceRepository resources;
  private final Rescheduling rescheduling;
  private final ResourcesController api;
  private final CatalogRepository catalog;
  private final Clock clock;

  public SchedulePageController(OwnerSessions owners, Pages pages, AppointmentRepository appointments,
                                ResourceRepository resources, Rescheduling rescheduling, ResourcesController api,
                                CatalogRepository catalog, Clock clock) {
    this.owners = owners;
    this.pages = pages;
    this.appointments = appointments;
    this.resources = resources;
    this.rescheduling = rescheduling;
    this.api = api;
    this.catalog = catalog;
    this.clock = clock;
  }

  /**
   * A member of staff or room added from the schedule (name, kind, the services ticked, a buffer), checked as the
   * API checks it; its own hours and time off are set through the API, and it works the opening hours until then.
   */
  @Post(value = "/resources", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  public HttpResponse<?> addResource(HttpRequest<?> request, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    List<UUID> services = form.keySet().stream().filter(k -> k.startsWith("service-"))
        .map(k -> UUID.fromString(k.substring("service-".length()))).toList();
    Integer buffer;
    try {
      buffer = form.getOrDefault("buffer", "").isBlank() ? 0 : Integer.valueOf(form.get("buffer").strip());
    } catch (NumberFormatException e) {
      return page(owner, today(owner), "week", "The buffer must be a number of minutes", HttpStatus.BAD_REQUEST);
    }
    try {
      api.create(owner.tenant(), new Resource.Request(form.getOrDefault("name", "").strip(),
          form.getOrDefault("kind", "staff"), services, null, buffer));
      return HttpResponse.seeOther(URI.create("/admin/schedule"));
    } catch (ApiException e) {
      return page(owner, today(owner), "week", e.getMessage(), e.status());
    } catch (jakarta.validation.ConstraintViolationException e) {
      String why = e.getConstraintViolations().stream().map(v -> {
        String path = v.getPropertyPath().toString();
        String field = path.substring(path.lastIndexOf('.') + 1);
        return (field.equals("serviceIds") ? "services" : field) + " " + v.getMessage();
      }).sorted().collect(java.util.stream.Collectors.joining("; "));
      return page(owner, today(owner), "week", why, HttpStatus.BAD_REQUEST);
    }
  }

  @Post(value = "/resources/{id}/delete", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> deleteResource(HttpRequest<?> request, UUID id, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    api.delete(owner.tenant(), id);
    return HttpResponse.seeOther(URI.create("/admin/schedule"));
  }

  private LocalDate today(Owner owner) {
    return LocalDate.now(clock.withZone(owner.tenant().zone()));
  }

  /** One booking as a cell shows it. */
  public record Booking(String id, String date, String time, String ends, String service, String caller) {}

  /** One member of staff or room (or the whole Business, id null) and its bookings, a list per day shown. */
  public record Row(String id, String name, List<List<Booking>> days) {}

  /** A day's column: its date and how it is headed. */
  public record Day(String date, String label) {}

  @Get(produces = MediaType.TEXT_HTML)
  public HttpResponse<?> page(HttpRequest<?> request, @QueryValue @Nullable String date,
                              @QueryValue @Nullable String view) {
    Optional<Owner> owner = owners.owner(request);
    if (owner.isEmpty()) {
      return HttpResponse.seeOther(URI.create("/admin/login"));
    }
    LocalDate day;
    try {
      day = date == null || date.isBlank() ? LocalDate.now(clock.withZone(owner.get().tenant().zone()))
          : LocalDate.parse(date);
    } catch (DateTimeParseException e) {
      return page(owner.get(), LocalDate.now(clock.withZone(owner.get().tenant().zone())), "week",
          "The date must be YYYY-MM-DD", HttpStatus.BAD_REQUEST);
    }
    return page(owner.get(), day, "day".equals(view) ? "day" : "week", "", HttpStatus.OK);
  }

  @Post(value = "/{id}/move", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  public HttpResponse<?> move(HttpRequest<?> request, UUID id, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    try {
      Rescheduling.Moved moved = rescheduling.move(owner.tenant(), id, form.get("date"), form.get("time"),
          form.get("resource"));
      return HttpResponse.seeOther(URI.create("/admin/schedule?view=day&date=" + moved.date()));
    } catch (ApiException e) {
      LocalDate back;
      try {
        back = LocalDate.parse(form.getOrDefault("from", ""));
      } catch (DateTimeParseException notADate) {
        back = LocalDate.now(clock.withZone(owner.tenant().zone()));
      }
      return page(owner, back, "day", e.getMessage(), e.status());
    }
  }

  private HttpResponse<?> page(Owner owner, LocalDate day, String view, String error, HttpStatus status) {
    ZoneId zone = owner.tenant().zone();
    LocalDate first = view.equals("day") ? day : day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    int length = view.equals("day") ? 1 : 7;
    List<Day> days = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      days.add(new Day(first.plusDays(i).toString(), DAY.format(first.plusDays(i))));
    }
    List<Resource> all = resources.list(owner.tenant());
    List<Appointment> booked = appointments.booked(owner.tenant(), first.atStartOfDay(zone).toInstant(),
        first.plusDays(length).atStartOfDay(zone).toInstant());
    List<Row> rows = new ArrayList<>();
    for (Resource r : all) {
      rows.add(row(r.id(), r.name(), booked, first, length, zone));
    }
    if (all.isEmpty() || booked.stream().anyMatch(a -> a.resourceId() == null)) {
      rows.add(row(null, all.isEmpty() ? owner.tenant().displayName() : "Not assigned", booked, first, length,
          zone));
    }
    Map<String, Object> params = OwnerSessions.frame(owner, "schedule");
    params.put("view", view);
    params.put("date", day.toString());
    params.put("previous", (view.equals("day") ? day.minusDays(1) : first.minusWeeks(1)).toString());
    params.put("next", (view.equals("day") ? day.plusDays(1) : first.plusWeeks(1)).toString());
    params.put("days", days);
    params.put("rows", rows);
    params.put("resources", all);
    params.put("services", catalog.list(owner.tenant().businessId(), CatalogKind.SERVICE, 200, 0).items());
    params.put("error", error);
    return pages.render(status, "dashboard/schedule.jte", params);
  }

  private static Row row(UUID id, String name, List<Appointment> booked, LocalDate first, int length, ZoneId zone) {
    List<List<Booking>> days = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      LocalDate d = first.plusDays(i);
      days.add(booked.stream().filter(a -> Objects.equals(a.resourceId(), id)
              && a.startsAt().atZone(zone).toLocalDate().equals(d))
          .map(a -> new Booking(a.id().toString(), d.toString(), HM.format(a.startsAt().atZone(zone)),
              HM.format(a.endsAt().atZone(zone)), a.service(), a.customerName() == null ? "" : a.customerName()))
          .toList());
    }
    return new Row(id == null ? null : id.toString(), name, days);
  }
}
