package com.qastco.voice.runtime.storage;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.api.Page;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One way to list a tenant's orders, appointments, tickets and sessions: optional status, a time window on one
 * timestamp column, newest first, paginated.
 *
 * @param statuses the statuses this resource has, to refuse a filter that can match nothing
 */
public record Listing(String table, String timeColumn, Set<String> statuses) {

  /** A filter as the client sent it; {@link #check} turns bad values into 400s that name them. */
  public record Filter(String status, String from, String to, int limit, int offset) {}

  @FunctionalInterface
  public interface Row<T> {
    T read(ResultSet row) throws SQLException;
  }

  public <T> Page<T> page(Connection c, String columns, Filter filter, Row<T> row) throws SQLException {
    return page(c, columns, filter, java.util.Map.of(), row);
  }

  /** @param alsoEqual further columns (named by the code, never by a request) each equal to its value */
  public <T> Page<T> page(Connection c, String columns, Filter filter, java.util.Map<String, String> alsoEqual,
                          Row<T> row) throws SQLException {
    List<Object> parameters = new ArrayList<>();
    StringBuilder where = new StringBuilder(" WHERE true");
    for (var equal : new java.util.TreeMap<>(alsoEqual).entrySet()) {
      where.append(" AND ").append(equal.getKey()).append(" = ?");
      parameters.add(equal.getValue());
    }
    if (filter.status() != null) {
      if (!statuses.contains(filter.status())) {
        throw ApiException.badRequest("status must be one of " + String.join(", ", statuses.stream().sorted().toList()));
      }
      where.append(" AND status = ?");
      parameters.add(filter.status());
    }
    if (filter.from() != null) {
      where.append(" AND ").append(timeColumn).append(" >= ?");
      parameters.add(Timestamp.from(instant("from", filter.from())));
    }
    if (filter.to() != null) {
      where.append(" AND ").append(timeColumn).append(" < ?");
      parameters.add(Timestamp.from(instant("to", filter.to())));
    }
    long total;
    try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM " + table + where)) {
      bind(count, parameters);
      try (ResultSet r = count.executeQuery()) {
        r.next();
        total = r.getLong(1);
      }
    }
    try (PreparedStatement select = c.prepareStatement("SELECT " + columns + " FROM " + table + where
        + " ORDER BY " + timeColumn + " DESC LIMIT ? OFFSET ?")) {
      List<Object> all = new ArrayList<>(parameters);
      all.add(filter.limit());
      all.add(filter.offset());
      bind(select, all);
      List<T> items = new ArrayList<>();
      try (ResultSet r = select.executeQuery()) {
        while (r.next()) {
          items.add(row.read(r));
        }
      }
      return new Page<>(items, total, filter.limit(), filter.offset());
    }
  }

  /** The one row a lookup by id or number finds, if any. */
  public static <T> java.util.Optional<T> first(PreparedStatement select, Row<T> row) throws SQLException {
    try (ResultSet r = select.executeQuery()) {
      return r.next() ? java.util.Optional.of(row.read(r)) : java.util.Optional.empty();
    }
  }

  private static Instant instant(String name, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(name + " must be an ISO-8601 instant such as 2026-11-25T00:00:00Z");
    }
  }

  private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      statement.setObject(i + 1, parameters.get(i));
    }
  }
}
