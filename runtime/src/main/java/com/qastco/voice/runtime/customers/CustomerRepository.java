package com.qastco.voice.runtime.customers;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.api.Page;
import com.qastco.voice.runtime.storage.DatabaseException;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A Business's customers: those the agent met on calls, and those the business adds itself. */
@Singleton
public class CustomerRepository {
  private static final String COLUMNS = "id, name, phone, email, created_at";
  private final TenantDatabase database;

  public CustomerRepository(TenantDatabase database) {
    this.database = database;
  }

  @Serdeable
  public record Customer(UUID id, String name, String phone, String email, Instant createdAt) {}

  @Serdeable
  public record CustomerRequest(@Nullable @Size(max = 200) String name,
                                @Nullable @Pattern(regexp = "^\\+[1-9][0-9]{6,14}$",
                                    message = "must be an E.164 number such as +14155550123") String phone,
                                @Nullable @Email @Size(max = 254) String email) {}

  /** Newest first; with a phone number, the one customer who has it (if any). */
  public Page<Customer> list(Tenant tenant, String phone, int limit, int offset) {
    return database.inTenant(tenant.businessId(), c -> {
      String where = phone == null ? "" : " WHERE phone = ?";
      long total;
      try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM customer" + where)) {
        if (phone != null) {
          count.setString(1, phone);
        }
        try (ResultSet r = count.executeQuery()) {
          r.next();
          total = r.getLong(1);
        }
      }
      try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM customer" + where
          + " ORDER BY created_at DESC LIMIT ? OFFSET ?")) {
        int i = 1;
        if (phone != null) {
          select.setString(i++, phone);
        }
        select.setInt(i++, limit);
        select.setInt(i, offset);
        return new Page<>(readAll(select), total, limit, offset);
      }
    });
  }

  public Customer get(Tenant tenant, UUID id) {
    return database.inTenant(tenant.businessId(), c -> find(c, id)).orElseThrow(() -> notFound(id));
  }

  public Customer create(Tenant tenant, CustomerRequest request) {
    requireContact(request);
    Customer created = write(tenant, request, () -> database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO customer (id, business_id, name, phone, email)"
          + " VALUES (?, ?, ?, ?, ?) RETURNING " + COLUMNS)) {
        insert.setObject(1, UUID.randomUUID());
        insert.setObject(2, tenant.businessId());
        insert.setString(3, request.name());
        insert.setString(4, request.phone());
        insert.setString(5, request.email());
        return readAll(insert).get(0);
      }
    }));
    return created;
  }

  public Customer update(Tenant tenant, UUID id, CustomerRequest request) {
    requireContact(request);
    Optional<Customer> updated = write(tenant, request, () -> database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement update = c.prepareStatement("UPDATE customer SET name = ?, phone = ?, email = ?"
          + " WHERE id = ? RETURNING " + COLUMNS)) {
        update.setString(1, request.name());
        update.setString(2, request.phone());
        update.setString(3, request.email());
        update.setObject(4, id);
        return readAll(update).stream().findFirst();
      }
    }));
    return updated.orElseThrow(() -> notFound(id));
  }

  /** Refused while orders, appointments or tickets refer to the customer: they are kept with them. */
  public void delete(Tenant tenant, UUID id) {
    int deleted;
    try {
      deleted = database.inTenant(tenant.businessId(), c -> {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM customer WHERE id = ?")) {
          delete.setObject(1, id);
          return delete.executeUpdate();
        }
      });
    } catch (DatabaseException e) {
      if ("23503".equals(e.sqlState())) {
        throw ApiException.conflict("The customer has orders, appointments or tickets and is kept with them");
      }
      throw e;
    }
    if (deleted == 0) {
      throw notFound(id);
    }
  }

  private static void requireContact(CustomerRequest request) {
    if (request.phone() == null && request.email() == null) {
      throw ApiException.badRequest("A customer needs a phone number or an e-mail address");
    }
  }

  private static <T> T write(Tenant tenant, CustomerRequest request, java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (DatabaseException e) {
      if (DatabaseException.UNIQUE_VIOLATION.equals(e.sqlState())) {
        throw ApiException.conflict("A customer with phone " + request.phone() + " already exists");
      }
      throw e;
    }
  }

  private static Optional<Customer> find(Connection c, UUID id) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM customer WHERE id = ?")) {
      select.setObject(1, id);
      return readAll(select).stream().findFirst();
    }
  }

  private static List<Customer> readAll(PreparedStatement statement) throws SQLException {
    List<Customer> customers = new ArrayList<>();
    try (ResultSet r = statement.executeQuery()) {
      while (r.next()) {
        customers.add(new Customer(r.getObject("id", UUID.class), r.getString("name"), r.getString("phone"),
            r.getString("email"), r.getTimestamp("created_at").toInstant()));
      }
    }
    return customers;
  }

  private static ApiException notFound(UUID id) {
    return ApiException.notFound("No customer " + id);
  }
}
