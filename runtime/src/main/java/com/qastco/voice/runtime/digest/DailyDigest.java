package com.qastco.voice.runtime.digest;

import com.qastco.voice.runtime.activity.AppointmentRepository;
import com.qastco.voice.runtime.activity.OrderRepository;
import com.qastco.voice.runtime.activity.TicketRepository;
import com.qastco.voice.runtime.api.Page;
import com.qastco.voice.runtime.handover.Handovers;
import com.qastco.voice.runtime.notifications.MailDestination;
import com.qastco.voice.runtime.notifications.OwnerMail;
import com.qastco.voice.runtime.notifications.StaffNotices;
import com.qastco.voice.runtime.outbox.Outbox;
import com.qastco.voice.runtime.storage.Listing;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staff's morning e-mail ({@code spec.notifications.staffDigest}): at 08:00 in the Business's time zone, the
 * previous day's orders, tickets and callback requests still open, and the day's appointments. Queued once per
 * Business and day whichever runtime gets there first (a {@code sent_notice} row in the same transaction as the
 * outbox entries), one entry per confirmed staff address; a day with nothing in it sends nothing.
 */
@Singleton
@Requires(beans = MailDestination.class)
public class DailyDigest {
  private static final Logger LOG = LoggerFactory.getLogger(DailyDigest.class);
  static final LocalTime AT = LocalTime.of(8, 0);
  /** Rows per section; the count says how many more there were. */
  static final int LISTED = 100;
  private final TenantDirectory directory;
  private final TenantDatabase database;
  private final Outbox outbox;
  private final OrderRepository orders;
  private final TicketRepository tickets;
  private final AppointmentRepository appointments;
  private final Handovers handovers;
  private final Clock clock;
  /** The last day digested per Business by this runtime, so a check every few minutes costs no query. */
  private final Map<UUID, LocalDate> done = new ConcurrentHashMap<>();

  public DailyDigest(TenantDirectory directory, TenantDatabase database, Outbox outbox, OrderRepository orders,
                     TicketRepository tickets, AppointmentRepository appointments, Handovers handovers, Clock clock) {
    this.directory = directory;
    this.database = database;
    this.outbox = outbox;
    this.orders = orders;
    this.tickets = tickets;
    this.appointments = appointments;
    this.handovers = handovers;
    this.clock = clock;
  }

  @Scheduled(fixedDelay = "5m", initialDelay = "1m")
  void onSchedule() {
    queueDue(clock.instant());
  }

  /** Queues the digest of every Business whose 08:00 has passed at {@code now} and had none today. */
  public int queueDue(Instant now) {
    int queued = 0;
    for (Tenant tenant : directory.all()) {
      var notifications = tenant.spec().notifications();
      ZonedDateTime local = now.atZone(tenant.zone());
      LocalDate day = local.toLocalDate().minusDays(1);
      if (notifications == null || !notifications.digestsForStaff() || local.toLocalTime().isBefore(AT)
          || day.equals(done.get(tenant.businessId()))) {
        continue;
      }
      try {
        if (queue(tenant, day)) {
          queued++;
        }
        done.put(tenant.businessId(), day);
      } catch (RuntimeException e) {
        // Tried again at the next check; the others' digests go on.
        LOG.warn("The staff digest of Business {} for {} could not be queued: {}", tenant.businessId(), day,
            e.getMessage());
      }
    }
    return queued;
  }

  private boolean queue(Tenant tenant, LocalDate day) {
    Map<String, Object> payload = digest(tenant, day);
    boolean empty = List.of("orders", "tickets", "callbacks", "appointments").stream()
        .allMatch(section -> ((Number) ((Map<?, ?>) payload.get(section)).get("total")).longValue() == 0);
    return database.inTenant(tenant.businessId(), c -> {
      if (!OwnerMail.firstTime(c, tenant, "digest:" + day) || empty) {
        return false;
      }
      for (String to : MailDestination.staff(c, tenant.spec().notifications())) {
        outbox.enqueueTo(c, tenant, MailDestination.NAME, to, StaffNotices.DIGEST, tenant.businessId(), payload);
      }
      return true;
    });
  }

  /** What the day held, as the e-mail lists it. */
  Map<String, Object> digest(Tenant tenant, LocalDate day) {
    String from = day.atStartOfDay(tenant.zone()).toInstant().toString();
    String to = day.plusDays(1).atStartOfDay(tenant.zone()).toInstant().toString();
    String after = day.plusDays(2).atStartOfDay(tenant.zone()).toInstant().toString();
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("day", day.toString());
    payload.put("orders", section(orders.list(tenant, new Listing.Filter(null, from, to, LISTED, 0)), o -> Map.of(
        "number", o.number(), "total", o.total().toPlainString(), "currency", o.currency(),
        "items", o.items().stream().map(l -> l.quantity() + " × " + l.name()).collect(Collectors.joining(", ")))));
    payload.put("tickets", section(tickets.list(tenant, new Listing.Filter(null, from, to, LISTED, 0)), t -> Map.of(
        "number", t.number(), "priority", t.priority(), "subject", t.subject())));
    payload.put("callbacks", section(handovers.list(tenant, new Listing.Filter("callback_requested", from, to,
        LISTED, 0)), h -> Map.of("name", orEmpty(h.callerName()), "phone", orEmpty(h.callerPhone()),
        "reason", orEmpty(h.reason()))));
    Page<AppointmentRepository.Appointment> today = appointments.list(tenant, new Listing.Filter("booked", to, after,
        LISTED, 0));
    List<AppointmentRepository.Appointment> inOrder = new java.util.ArrayList<>(today.items());
    java.util.Collections.reverse(inOrder); // listed newest first; the day reads from the morning
    payload.put("appointments", section(new Page<>(inOrder, today.total(), today.limit(), 0), a -> Map.of(
        "startsAt", a.startsAt().toString(), "service", a.service(), "name", orEmpty(a.customerName()))));
    return payload;
  }

  private static <T> Map<String, Object> section(Page<T> page, Function<T, Map<String, Object>> row) {
    return Map.of("total", page.total(), "items", page.items().stream().map(row).toList());
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
