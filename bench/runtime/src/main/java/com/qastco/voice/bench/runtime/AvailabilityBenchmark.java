package com.qastco.voice.bench.runtime;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.embedded.EmbeddedPostgresServer;
import com.qastco.voice.runtime.activity.AppointmentRepository;
import com.qastco.voice.runtime.catalog.CatalogItem;
import com.qastco.voice.runtime.catalog.CatalogItemRequest;
import com.qastco.voice.runtime.catalog.CatalogKind;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.resources.Resource;
import com.qastco.voice.runtime.resources.ResourceRepository;
import com.qastco.voice.runtime.storage.Listing;
import com.qastco.voice.runtime.storage.Migrations;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tools.AppointmentSlots;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * check_availability's work (who offers the service, then every free start time of a day across them, through
 * TenantDatabase.inTenant) for a clinic with 20 doctors and 10,000 future bookings, against the tenant's
 * appointments page (the first 50, as the dashboard and the API list them) in the same run.
 * Run: see the README, "Benchmarks".
 */
public final class AvailabilityBenchmark {
  private AvailabilityBenchmark() {}

  public static void main(String[] args) {
    PlaceOrderBenchmark.exitWith(AvailabilityBenchmark::run);
  }

  private static void run() throws Exception {
    int resources = Integer.getInteger("resources", 20);
    int bookings = Integer.getInteger("bookings", 10_000);
    int queries = Integer.getInteger("queries", 2_000);
    Random random = new Random(42);
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(Migrations::run, PlaceOrderBenchmark.DURABLE)) {
      TenantDatabase database = Measured.database(postgres);
      Business example = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
          Files.newInputStream(Path.of(System.getProperty("examples", "examples"), "dr-smith.yaml")), Business.class);
      UUID id = UUID.randomUUID();
      Tenant clinic = new Tenant(id, "voice", "b-" + id, "b-" + id.toString().substring(0, 8), "https://x.example",
          example.getSpec(), null, null);
      CatalogRepository catalog = new CatalogRepository(database);
      List<CatalogItem> services = catalog.insertAll(id, List.of(
          new CatalogItemRequest(CatalogKind.SERVICE, "Blood Test", null, new BigDecimal("50.00"), 15, null, true),
          new CatalogItemRequest(CatalogKind.SERVICE, "Checkup", null, new BigDecimal("150.00"), 30, null, true)));
      ResourceRepository repository = new ResourceRepository(database);
      List<UUID> doctors = new ArrayList<>();
      for (int i = 0; i < resources; i++) {
        doctors.add(repository.insert(clinic, new Resource.Request("Doctor " + i, "staff",
            services.stream().map(CatalogItem::id).toList(), null, 5)).id());
      }
      // Bookings on the clinic's working days ahead, every doctor's day filling from 08:00 with 15-minute ones.
      List<LocalDate> days = new ArrayList<>();
      int perDay = 10;
      for (LocalDate d = LocalDate.now(clinic.zone()).plusDays(1); days.size() * resources * perDay < bookings;
           d = d.plusDays(1)) {
        if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
          days.add(d);
        }
      }
      long seeding = System.nanoTime();
      database.inTenant(id, c -> {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO appointment (id, business_id, service_id,"
            + " resource_id, starts_at, ends_at, blocked_until, status, confirmation_code)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, 'booked', '000000')")) {
          int made = 0;
          for (LocalDate day : days) {
            for (UUID doctor : doctors) {
              for (int k = 0; k < perDay && made < bookings; k++, made++) {
                ZonedDateTime start = day.atTime(8, 0).atZone(clinic.zone()).plusMinutes(30L * k);
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, id);
                insert.setObject(3, services.get(0).id());
                insert.setObject(4, doctor);
                insert.setTimestamp(5, Timestamp.from(start.toInstant()));
                insert.setTimestamp(6, Timestamp.from(start.plusMinutes(15).toInstant()));
                insert.setTimestamp(7, Timestamp.from(start.plusMinutes(20).toInstant()));
                insert.addBatch();
              }
            }
          }
          return insert.executeBatch().length;
        }
      });
      try (var c = postgres.ownerConnection(); var s = c.createStatement()) {
        s.execute("ANALYZE appointment");
      }
      System.out.printf("seeded %d doctors, %d bookings over %d working days, in %.1f s%n", resources, bookings,
          days.size(), (System.nanoTime() - seeding) / 1e9);
      AppointmentRepository appointments = new AppointmentRepository(database,
          new com.qastco.voice.runtime.outbox.Outbox(List.of())); // the page only reads
      CatalogItem service = services.get(0);
      measure(database, appointments, clinic, service, days, random, 300);
      long[][] timed = measure(database, appointments, clinic, service, days, random, queries);
      double slotsP50 = Measured.percentile(timed[0], 50);
      double slotsP99 = Measured.percentile(timed[0], 99);
      double pageP50 = Measured.percentile(timed[1], 50);
      double pageP99 = Measured.percentile(timed[1], 99);
      System.out.printf("baseline: the appointments page (50 of %d)  p50 %.2f ms  p99 %.2f ms%n", bookings, pageP50,
          pageP99);
      System.out.printf("check_availability, %d doctors, one day  p50 %.2f ms  p99 %.2f ms%n", resources, slotsP50,
          slotsP99);
      System.out.printf("ratio: p50 %.1fx  p99 %.1fx the page; p99 target 50 ms: %s%n", slotsP50 / pageP50,
          slotsP99 / pageP99, slotsP99 <= 50 ? "met" : "NOT met");
    }
  }

  private static long[][] measure(TenantDatabase database, AppointmentRepository appointments, Tenant clinic,
                                  CatalogItem service, List<LocalDate> days, Random random, int count) {
    long[] slots = new long[count];
    long[] page = new long[count];
    Instant now = Instant.now();
    for (int i = 0; i < count; i++) {
      LocalDate day = days.get(random.nextInt(days.size()));
      long started = System.nanoTime();
      int free = database.inTenant(clinic.businessId(), c -> AppointmentSlots.free(c, clinic, service, day,
          AppointmentSlots.offering(c, service), now, null).size());
      slots[i] = System.nanoTime() - started;
      if (free == 0 && day.getDayOfWeek() != DayOfWeek.SATURDAY) {
        throw new IllegalStateException("no free time on " + day + ": the benchmark measures nothing");
      }
      started = System.nanoTime();
      appointments.list(clinic, new Listing.Filter(null, null, null, 50, 0));
      page[i] = System.nanoTime() - started;
    }
    return new long[][] {slots, page};
  }
}
