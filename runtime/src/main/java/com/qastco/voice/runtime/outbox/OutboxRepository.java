package com.qastco.voice.runtime.outbox;

import com.qastco.voice.runtime.api.Page;
import com.qastco.voice.runtime.storage.Listing;
import com.qastco.voice.runtime.storage.TenantDatabase;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The outbox's rows: claiming them for delivery, recording how it went, and reading them back. */
@Singleton
public class OutboxRepository {
  private static final Listing LISTING = new Listing("outbox", "created_at", Set.of("pending", "delivered", "dead"));
  private static final String COLUMNS = "id, destination, recipient, event, subject_id, payload::text AS payload, status,"
      + " attempts, next_attempt_at, last_error, created_at, delivered_at";
  private final TenantDatabase database;

  public OutboxRepository(TenantDatabase database) {
    this.database = database;
  }

  /** A delivery as the API shows it. */
  @Serdeable
  public record Entry(UUID id, String destination, String recipient, String event, UUID subjectId, String payload,
                      String status,
                      int attempts, Instant nextAttemptAt, String lastError, Instant createdAt, Instant deliveredAt) {}

  /** Marks a Business as having {@code added} more deliveries from now (inside the writer's transaction). */
  static void wake(Connection c, UUID business, int added) throws SQLException {
    try (PreparedStatement upsert = c.prepareStatement("INSERT INTO outbox_wakeup (business_id, due_at, pending)"
        + " VALUES (?, now(), ?) ON CONFLICT (business_id) DO UPDATE SET due_at = least(outbox_wakeup.due_at, now()),"
        + " pending = outbox_wakeup.pending + excluded.pending")) {
      upsert.setObject(1, business);
      upsert.setInt(2, added);
      upsert.executeUpdate();
    }
  }

  /**
   * For metrics, no tenant data: how many Businesses have deliveries due and since when the oldest waits, and how
   * many deliveries wait in all (due or backing off).
   */
  public record Backlog(long businesses, Instant oldestDue, long pending) {}

  public Backlog backlog() {
    return database.withoutTenant(c -> {
      try (ResultSet r = c.createStatement().executeQuery("SELECT count(*) FILTER (WHERE due_at <= now()),"
          + " min(due_at) FILTER (WHERE due_at <= now()), coalesce(sum(pending), 0) FROM outbox_wakeup")) {
        r.next();
        return new Backlog(r.getLong(1), instant(r.getTimestamp(2)), r.getLong(3));
      }
    });
  }

  /** Businesses with deliveries due, most overdue first. */
  public List<UUID> dueBusinesses(int max) {
    return database.withoutTenant(c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT business_id FROM outbox_wakeup"
          + " WHERE due_at <= now() ORDER BY due_at LIMIT ?")) {
        select.setInt(1, max);
        List<UUID> due = new ArrayList<>();
        try (ResultSet r = select.executeQuery()) {
          while (r.next()) {
            due.add(r.getObject(1, UUID.class));
          }
        }
        return due;
      }
    });
  }

  /**
   * Takes up to {@code batch} due deliveries of a Business for this worker: each gets a lease and one more attempt.
   * Each destination gets a Business's deliveries in the order they were written: none is taken while an earlier
   * one to the same destination waits for its retry or is held by a worker. Claims of one Business take turns (a
   * transaction lock), so a second worker sees the first one's leases.
   */
  public List<Entry> claim(UUID business, int batch, Duration lease) {
    return database.inTenant(business, c -> {
      try (PreparedStatement turn = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
        turn.setString(1, "outbox:" + business);
        turn.execute();
      }
      try (PreparedStatement update = c.prepareStatement("UPDATE outbox SET lease_until = now() + ?::interval,"
          + " attempts = attempts + 1 WHERE id IN (SELECT id FROM outbox o WHERE status = 'pending'"
          + " AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())"
          + " AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.destination = o.destination AND e.status = 'pending'"
          + " AND e.created_at < o.created_at AND (e.next_attempt_at > now() OR e.lease_until >= now()))"
          + " ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)) {
        update.setString(1, lease.toMillis() + " milliseconds");
        update.setInt(2, batch);
        List<Entry> claimed = new ArrayList<>();
        try (ResultSet r = update.executeQuery()) {
          while (r.next()) {
            claimed.add(read(r));
          }
        }
        claimed.sort(java.util.Comparator.comparing(Entry::createdAt));
        return claimed;
      }
    });
  }

  public void delivered(UUID business, UUID id) {
    database.inTenant(business, c -> {
      try (PreparedStatement update = c.prepareStatement("UPDATE outbox SET status = 'delivered',"
          + " delivered_at = now(), lease_until = NULL, last_error = NULL WHERE id = ?")) {
        update.setObject(1, id);
        return update.executeUpdate();
      }
    });
  }

  /**
   * A claimed delivery not attempted in this turn (it waits behind an earlier one to its destination which just
   * failed, its Business used up its turn, or every webhook slot is taken): back to pending at {@code until},
   * without counting an attempt.
   */
  public void postpone(UUID business, UUID id, Instant until) {
    database.inTenant(business, c -> {
      try (PreparedStatement update = c.prepareStatement("UPDATE outbox SET attempts = attempts - 1,"
          + " lease_until = NULL, next_attempt_at = ? WHERE id = ?")) {
        update.setTimestamp(1, Timestamp.from(until));
        update.setObject(2, id);
        return update.executeUpdate();
      }
    });
  }

  /** A failed attempt: tried again at {@code next}, or, when {@code dead}, kept as a dead letter. */
  public void failed(UUID business, UUID id, String error, Instant next, boolean dead) {
    database.inTenant(business, c -> {
      try (PreparedStatement update = c.prepareStatement("UPDATE outbox SET status = ?, next_attempt_at = ?,"
          + " lease_until = NULL, last_error = ? WHERE id = ?")) {
        update.setString(1, dead ? "dead" : "pending");
        update.setTimestamp(2, Timestamp.from(next));
        update.setString(3, error.length() > 1000 ? error.substring(0, 1000) : error);
        update.setObject(4, id);
        return update.executeUpdate();
      }
    });
  }

  /**
   * After a round: the Business's wake-up moves to its next due delivery, or goes when none is left. The wake-up
   * row is locked first, so a writer adding a delivery right now waits, and its row is counted.
   */
  public void settle(UUID business) {
    database.inTenant(business, c -> {
      try (PreparedStatement lock = c.prepareStatement("SELECT 1 FROM outbox_wakeup WHERE business_id = ?"
          + " FOR UPDATE")) {
        lock.setObject(1, business);
        lock.executeQuery().close();
      }
      Timestamp next;
      int pending;
      try (ResultSet r = c.createStatement().executeQuery("SELECT min(greatest(next_attempt_at,"
          + " coalesce(lease_until, next_attempt_at))), count(*) FROM outbox WHERE status = 'pending'")) {
        r.next();
        next = r.getTimestamp(1);
        pending = r.getInt(2);
      }
      try (PreparedStatement update = c.prepareStatement(next == null
          ? "DELETE FROM outbox_wakeup WHERE business_id = ?"
          : "UPDATE outbox_wakeup SET due_at = ?, pending = ? WHERE business_id = ?")) {
        if (next == null) {
          update.setObject(1, business);
        } else {
          update.setTimestamp(1, next);
          update.setInt(2, pending);
          update.setObject(3, business);
        }
        return update.executeUpdate();
      }
    });
  }

  public Page<Entry> list(UUID business, Listing.Filter filter) {
    return database.inTenant(business, c -> LISTING.page(c, COLUMNS, filter, OutboxRepository::read));
  }

  public Optional<Entry> get(UUID business, UUID id) {
    return database.inTenant(business, c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM outbox WHERE id = ?")) {
        select.setObject(1, id);
        return Listing.first(select, OutboxRepository::read);
      }
    });
  }

  /** A dead (or delivered) delivery goes out again, from a fresh count of attempts. */
  public Optional<Entry> redeliver(UUID business, UUID id) {
    return database.inTenant(business, c -> {
      try (PreparedStatement update = c.prepareStatement("UPDATE outbox SET status = 'pending', attempts = 0,"
          + " next_attempt_at = now(), lease_until = NULL, last_error = NULL, delivered_at = NULL"
          + " WHERE id = ? AND status IN ('dead', 'delivered') RETURNING " + COLUMNS)) {
        update.setObject(1, id);
        Optional<Entry> entry = Listing.first(update, OutboxRepository::read);
        if (entry.isPresent()) {
          wake(c, business, 1);
        }
        return entry;
      }
    });
  }

  private static Entry read(ResultSet r) throws SQLException {
    return new Entry(r.getObject("id", UUID.class), r.getString("destination"), r.getString("recipient"),
        r.getString("event"),
        r.getObject("subject_id", UUID.class), r.getString("payload"), r.getString("status"), r.getInt("attempts"),
        instant(r.getTimestamp("next_attempt_at")), r.getString("last_error"), instant(r.getTimestamp("created_at")),
        instant(r.getTimestamp("delivered_at")));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
