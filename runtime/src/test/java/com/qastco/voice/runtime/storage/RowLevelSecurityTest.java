package com.qastco.voice.runtime.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowLevelSecurityTest implements RuntimeTest {
  @Inject
  TenantDatabase database;

  @Inject
  TenantNumbers numbers;

  final UUID tenantA = UUID.randomUUID();
  final UUID tenantB = UUID.randomUUID();

  @Test
  void rowsAreSeenOnlyByTheirOwnTenantAndByNoOneWithoutATenant() {
    insertItem(tenantA, "Margherita Pizza");

    assertThat(countItems(tenantA)).isEqualTo(1);
    assertThat(countItems(tenantB)).isZero();
    int withoutTenant = database.withoutTenant(c -> count(c.prepareStatement("SELECT count(*) FROM catalog_item")));
    assertThat(withoutTenant).as("a query that forgets its tenant returns nothing").isZero();
  }

  @Test
  void aTenantCannotWriteRowsForAnother() {
    assertThatThrownBy(() -> database.inTenant(tenantA, c -> {
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO catalog_item (id, business_id, kind, name) VALUES (?, ?, 'menu_item', 'Intruder')")) {
        insert.setObject(1, UUID.randomUUID());
        insert.setObject(2, tenantB);
        return insert.executeUpdate();
      }
    })).isInstanceOf(DatabaseException.class).hasMessageContaining("row-level security");
    assertThat(countItems(tenantB)).isZero();
  }

  @Test
  void eachBusinessCountsItsOwnNumbersAndNoTransactionTakesAnothersNumber() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    assertThat(numbers.next(a, TenantNumbers.Kind.ORDER)).isEqualTo(1);
    assertThat(numbers.next(a, TenantNumbers.Kind.ORDER)).isEqualTo(2);
    assertThat(numbers.next(a, TenantNumbers.Kind.TICKET)).isEqualTo(1);
    assertThat(numbers.next(b, TenantNumbers.Kind.ORDER)).isEqualTo(1);

    // The attack: inside A's transaction, switch tenants by taking B's next number.
    assertThatThrownBy(() -> database.inTenant(a, c -> {
      try (PreparedStatement next = c.prepareStatement("SELECT next_number(?, 'order')")) {
        next.setObject(1, b);
        return count(next);
      }
    })).isInstanceOf(DatabaseException.class).hasMessageContaining("inside a transaction of another business");
    assertThat(numbers.next(b, TenantNumbers.Kind.ORDER)).isEqualTo(2);
    int counters = database.inTenant(a, c -> count(c.prepareStatement("SELECT count(*) FROM business_number")));
    assertThat(counters).as("A sees its own counters only").isEqualTo(2);
  }

  @Test
  void theRuntimeRoleOwnsNothingAndBypassesNothing() {
    database.withoutTenant(c -> {
      try (ResultSet r = c.createStatement().executeQuery("SELECT rolsuper, rolbypassrls FROM pg_roles"
          + " WHERE rolname = current_user")) {
        r.next();
        assertThat(r.getBoolean(1)).isFalse();
        assertThat(r.getBoolean(2)).isFalse();
      }
      try (ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM pg_tables"
          + " WHERE schemaname = 'public' AND tableowner = current_user")) {
        r.next();
        assertThat(r.getInt(1)).isZero();
      }
      return null;
    });
  }

  @Test
  void theKnowledgeSearchFunctionRunningAsTheOwnerReturnsOnlyTheCurrentBusinesssEntries() {
    database.inTenant(tenantA, c -> {
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO knowledge_entry (id, business_id, kind, title,"
          + " body, language) VALUES (?, ?, 'faq', 'Parking', 'Park behind the bakery.', 'english')")) {
        insert.setObject(1, UUID.randomUUID());
        insert.setObject(2, tenantA);
        return insert.executeUpdate();
      }
    });
    String search = "SELECT count(*) FROM knowledge_matches(to_tsquery('english', 'park'), 10)";
    int inA = database.inTenant(tenantA, c -> count(c.prepareStatement(search)));
    int inB = database.inTenant(tenantB, c -> count(c.prepareStatement(search)));
    int withoutTenant = database.withoutTenant(c -> count(c.prepareStatement(search)));
    assertThat(inA).isEqualTo(1);
    assertThat(inB).as("another Business").isZero();
    assertThat(withoutTenant).as("no Business").isZero();
  }

  private void insertItem(UUID tenant, String name) {
    database.inTenant(tenant, c -> {
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO catalog_item (id, business_id, kind, name, price) VALUES (?, ?, 'menu_item', ?, 18.99)")) {
        insert.setObject(1, UUID.randomUUID());
        insert.setObject(2, tenant);
        insert.setString(3, name);
        return insert.executeUpdate();
      }
    });
  }

  private int countItems(UUID tenant) {
    return database.inTenant(tenant, c -> count(c.prepareStatement("SELECT count(*) FROM catalog_item")));
  }

  private static int count(PreparedStatement statement) throws java.sql.SQLException {
    try (statement; ResultSet r = statement.executeQuery()) {
      r.next();
      return r.getInt(1);
    }
  }
}
