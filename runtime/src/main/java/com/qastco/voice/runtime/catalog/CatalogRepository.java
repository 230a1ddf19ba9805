package com.qastco.voice.runtime.catalog;

import com.qastco.voice.runtime.api.Page;
import com.qastco.voice.runtime.storage.TenantDatabase;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Catalog rows of one tenant; every statement runs in that tenant's transaction. */
@Singleton
public class CatalogRepository {
  private static final String COLUMNS =
      "id, kind, name, description, price, duration_minutes, priority, available, created_at, updated_at";
  private final TenantDatabase database;

  public CatalogRepository(TenantDatabase database) {
    this.database = database;
  }

  public Page<CatalogItem> list(UUID tenant, CatalogKind kind, int limit, int offset) {
    return database.inTenant(tenant, c -> {
      String filter = kind == null ? "" : " WHERE kind = ?";
      long total;
      try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM catalog_item" + filter)) {
        if (kind != null) {
          count.setString(1, kind.column);
        }
        try (ResultSet r = count.executeQuery()) {
          r.next();
          total = r.getLong(1);
        }
      }
      try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM catalog_item" + filter
          + " ORDER BY kind, lower(name) LIMIT ? OFFSET ?")) {
        int i = 1;
        if (kind != null) {
          select.setString(i++, kind.column);
        }
        select.setInt(i++, limit);
        select.setInt(i, offset);
        return new Page<>(readAll(select), total, limit, offset);
      }
    });
  }

  /** Available entries of one kind, for the voice tools (inside their transaction). */
  public List<CatalogItem> available(Connection c, CatalogKind kind) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM catalog_item"
        + " WHERE kind = ? AND available ORDER BY lower(name)")) {
      select.setString(1, kind.column);
      return readAll(select);
    }
  }

  public Optional<CatalogItem> find(UUID tenant, UUID id) {
    return database.inTenant(tenant, c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM catalog_item WHERE id = ?")) {
        select.setObject(1, id);
        return readAll(select).stream().findFirst();
      }
    });
  }

  public CatalogItem insert(UUID tenant, CatalogItemRequest request) {
    return insertAll(tenant, List.of(request)).get(0);
  }

  /** All or nothing: one transaction for the whole list. */
  public List<CatalogItem> insertAll(UUID tenant, List<CatalogItemRequest> requests) {
    return database.inTenant(tenant, c -> {
      List<CatalogItem> created = new ArrayList<>();
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO catalog_item (id, business_id, kind, name,"
          + " description, price, duration_minutes, priority, available) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " RETURNING " + COLUMNS)) {
        for (CatalogItemRequest request : requests) {
          insert.setObject(1, UUID.randomUUID());
          insert.setObject(2, tenant);
          bind(insert, 3, request);
          created.addAll(readAll(insert));
        }
      }
      return created;
    });
  }

  public Optional<CatalogItem> update(UUID tenant, UUID id, CatalogItemRequest request) {
    return database.inTenant(tenant, c -> {
      try (PreparedStatement update = c.prepareStatement("UPDATE catalog_item SET kind = ?, name = ?,"
          + " description = ?, price = ?, duration_minutes = ?, priority = ?, available = ?, updated_at = now()"
          + " WHERE id = ? RETURNING " + COLUMNS)) {
        bind(update, 1, request);
        update.setObject(8, id);
        return readAll(update).stream().findFirst();
      }
    });
  }

  public boolean delete(UUID tenant, UUID id) {
    return database.inTenant(tenant, c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM catalog_item WHERE id = ?")) {
        delete.setObject(1, id);
        return delete.executeUpdate() == 1;
      }
    });
  }

  private static void bind(PreparedStatement statement, int first, CatalogItemRequest request) throws SQLException {
    statement.setString(first, request.kind().column);
    statement.setString(first + 1, request.name().trim());
    statement.setString(first + 2, request.description());
    statement.setBigDecimal(first + 3, request.price());
    if (request.durationMinutes() == null) {
      statement.setNull(first + 4, Types.INTEGER);
    } else {
      statement.setInt(first + 4, request.durationMinutes());
    }
    statement.setString(first + 5, request.priority() == null ? null : request.priority().column());
    statement.setBoolean(first + 6, request.available() == null || request.available());
  }

  private static List<CatalogItem> readAll(PreparedStatement statement) throws SQLException {
    List<CatalogItem> items = new ArrayList<>();
    try (ResultSet r = statement.executeQuery()) {
      while (r.next()) {
        String priority = r.getString("priority");
        Integer duration = r.getObject("duration_minutes", Integer.class);
        items.add(new CatalogItem(r.getObject("id", UUID.class), CatalogKind.fromColumn(r.getString("kind")),
            r.getString("name"), r.getString("description"), r.getBigDecimal("price"),
            duration,
            priority == null ? null : Priority.valueOf(priority.toUpperCase(java.util.Locale.ROOT)),
            r.getBoolean("available"), instant(r.getTimestamp("created_at")),
            instant(r.getTimestamp("updated_at"))));
      }
    }
    return items;
  }

  private static java.time.Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
