package com.qastco.voice.runtime.resources;

import com.qastco.voice.integrations.Json;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A Business's bookable staff and rooms, and which of them offer a service. */
@Singleton
public class ResourceRepository {
  private static final String COLUMNS = "r.id, r.name, r.kind, r.weekly_hours, r.buffer_minutes,"
      + " ARRAY(SELECT s.service_id FROM resource_service s WHERE s.resource_id = r.id ORDER BY s.service_id)";
  private final TenantDatabase database;

  public ResourceRepository(TenantDatabase database) {
    this.database = database;
  }

  public List<Resource> list(Tenant tenant) {
    return database.inTenant(tenant.businessId(), c -> select(c, "", null));
  }

  public Optional<Resource> find(Tenant tenant, UUID id) {
    return database.inTenant(tenant.businessId(), c -> select(c, " WHERE r.id = ?", id).stream().findFirst());
  }

  /** The resources that offer a service, by name; empty when the Business books without resources. */
  public static List<Resource> offering(Connection c, UUID serviceId) throws SQLException {
    return select(c, " WHERE EXISTS (SELECT 1 FROM resource_service s WHERE s.resource_id = r.id"
        + " AND s.service_id = ?)", serviceId);
  }

  /** Whether the Business has any resources at all (then a service nobody offers cannot be booked). */
  public static boolean any(Connection c) throws SQLException {
    try (ResultSet r = c.createStatement().executeQuery("SELECT EXISTS (SELECT 1 FROM resource)")) {
      r.next();
      return r.getBoolean(1);
    }
  }

  public Resource insert(Tenant tenant, Resource.Request request) {
    UUID id = UUID.randomUUID();
    return database.inTenant(tenant.businessId(), c -> {
      checkServices(c, request.serviceIds());
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO resource (id, business_id, name, kind,"
          + " weekly_hours, buffer_minutes) VALUES (?, ?, ?, ?, ?::jsonb, ?)")) {
        insert.setObject(1, id);
        insert.setObject(2, tenant.businessId());
        bind(insert, 3, request);
        insert.executeUpdate();
      }
      offer(c, tenant.businessId(), id, request.serviceIds());
      return select(c, " WHERE r.id = ?", id).get(0);
    });
  }

  public Optional<Resource> update(Tenant tenant, UUID id, Resource.Request request) {
    return database.inTenant(tenant.businessId(), c -> {
      checkServices(c, request.serviceIds());
      try (PreparedStatement update = c.prepareStatement("UPDATE resource SET name = ?, kind = ?,"
          + " weekly_hours = ?::jsonb, buffer_minutes = ? WHERE id = ?")) {
        bind(update, 1, request);
        update.setObject(5, id);
        if (update.executeUpdate() == 0) {
          return Optional.<Resource>empty();
        }
      }
      try (PreparedStatement clear = c.prepareStatement("DELETE FROM resource_service WHERE resource_id = ?")) {
        clear.setObject(1, id);
        clear.executeUpdate();
      }
      offer(c, tenant.businessId(), id, request.serviceIds());
      return select(c, " WHERE r.id = ?", id).stream().findFirst();
    });
  }

  public boolean delete(Tenant tenant, UUID id) {
    return database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement booked = c.prepareStatement("SELECT count(*) FROM appointment WHERE resource_id = ?"
          + " AND status = 'booked' AND ends_at > now()")) {
        booked.setObject(1, id);
        try (ResultSet r = booked.executeQuery()) {
          r.next();
          if (r.getInt(1) > 0) {
            throw ApiException.conflict("Resource " + id + " has " + r.getInt(1) + " appointment(s) to come; move"
                + " or cancel them first");
          }
        }
      }
      try (PreparedStatement release = c.prepareStatement("UPDATE appointment SET resource_id = NULL"
          + " WHERE resource_id = ?")) {
        release.setObject(1, id); // past and cancelled bookings keep their times, not the resource
        release.executeUpdate();
      }
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM resource WHERE id = ?")) {
        delete.setObject(1, id);
        return delete.executeUpdate() == 1;
      }
    });
  }

  /**
   * Every service id must be one of this Business's services. The foreign key alone would not say so: PostgreSQL
   * checks it past row-level security, so another Business's catalog id would pass.
   */
  private static void checkServices(Connection c, List<UUID> ids) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT id FROM catalog_item WHERE kind = 'service'"
        + " AND id = ANY (?)")) {
      select.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      List<UUID> found = new ArrayList<>();
      try (ResultSet r = select.executeQuery()) {
        while (r.next()) {
          found.add(r.getObject(1, UUID.class));
        }
      }
      List<UUID> unknown = ids.stream().filter(id -> !found.contains(id)).toList();
      if (!unknown.isEmpty()) {
        throw ApiException.badRequest("serviceIds: no service " + unknown.get(0) + " in this business's catalog");
      }
    }
  }

  private static void offer(Connection c, UUID business, UUID resource, List<UUID> services) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO resource_service (business_id, resource_id,"
        + " service_id) VALUES (?, ?, ?)")) {
      for (UUID service : services) {
        insert.setObject(1, business);
        insert.setObject(2, resource);
        insert.setObject(3, service);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static void bind(PreparedStatement statement, int first, Resource.Request request) throws SQLException {
    statement.setString(first, request.name().strip());
    statement.setString(first + 1, request.kind());
    statement.setString(first + 2, request.weeklyHours() == null ? null : Json.write(request.weeklyHours()));
    statement.setInt(first + 3, request.bufferMinutes() == null ? 0 : request.bufferMinutes());
  }

  private static List<Resource.Opening> openings(String json) throws SQLException {
    try {
      return Arrays.asList(Json.MAPPER.readValue(json, Resource.Opening[].class));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new SQLException("resource.weekly_hours is unreadable", e);
    }
  }

  private static List<Resource> select(Connection c, String where, UUID parameter) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM resource r" + where
        + " ORDER BY lower(r.name)")) {
      if (parameter != null) {
        select.setObject(1, parameter);
      }
      List<Resource> all = new ArrayList<>();
      try (ResultSet r = select.executeQuery()) {
        while (r.next()) {
          String hours = r.getString(4);
          all.add(new Resource(r.getObject(1, UUID.class), r.getString(2), r.getString(3),
              Arrays.asList((UUID[]) r.getArray(6).getArray()),
              hours == null ? null : openings(hours),
              r.getInt(5)));
        }
      }
      return all;
    }
  }
}
