package com.qastco.voice.runtime.offboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.DataRetention;
import com.qastco.voice.api.v1alpha1.Integration;
import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.catalog.CatalogCsv;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.tools.ToolCalls;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Business deleted with {@code dataRetention.deletionPolicy: Delete} leaves nothing of itself or its callers in
 * PostgreSQL (a residue scan over every table with a business_id), while another Business's records are untouched;
 * one deleted with Retain keeps everything and says so. (Its Redis keys go with its Redis user: the operator's
 * tests.)
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeletedBusinessRecordsTest implements RuntimeTest {
  private final KubernetesClient kubernetes = TestEnvironment.CLUSTER.client();

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  CatalogCsv csv;

  @Inject
  CatalogRepository catalog;

  @Inject
  com.qastco.voice.runtime.web.WebSessions sessions;

  @Inject
  com.qastco.voice.runtime.dashboard.OwnerInvitations invitations;

  @Inject
  io.lettuce.core.api.StatefulRedisConnection<String, String> redis;

  @Test
  void deletingWithTheDeletePolicyRemovesEveryRecordAndKeyOfThatBusinessOnly() throws Exception {
    Registered leaving = withRecords("mario-pizza.yaml");
    Registered staying = withRecords("mario-pizza.yaml");
    // More rows than one batch, so the purge takes several.
    insertCustomers(leaving.businessId(), RecordsPurge.BATCH * 2 + 17);
    Map<String, Long> stayingBefore = residue(staying.businessId());
    assertThat(residue(leaving.businessId())).containsKeys("orders", "order_item", "voice_session", "customer",
        "catalog_item", "tool_invocation", "outbox");

    // Signed in to both dashboards, on two devices for the one leaving; an owner invited too.
    String leavingSession = sessions.start("owner", leaving.businessId(), "owner@leaving.example").getKey().key();
    String leavingOther = sessions.start("owner", leaving.businessId(), "staff@leaving.example").getKey().key();
    String stayingSession = sessions.start("owner", staying.businessId(), "owner@staying.example").getKey().key();
    invitations.invite(directory.byId(leaving.businessId()).orElseThrow(), "next@leaving.example");

    setDeletionPolicy(leaving, Integration.DeletionPolicy.DELETE);
    await().atMost(Duration.ofSeconds(10)).until(() -> business(leaving).getMetadata().getFinalizers()
        .contains(DeletedBusinesses.FINALIZER));
    kubernetes.resources(Business.class).withName(leaving.name()).delete();

    await().atMost(Duration.ofSeconds(30)).until(() -> business(leaving) == null);
    await().atMost(Duration.ofSeconds(5)).until(() -> redis.sync().exists(leavingSession, leavingOther) == 0);
    assertThat(redis.sync().keys("web:subject:*:" + leaving.businessId() + ":*")).isEmpty();
    assertThat(redis.sync().exists(stayingSession)).isEqualTo(1);
    assertThat(residue(leaving.businessId())).as("rows of the deleted Business").isEmpty();
    assertThat(residue(staying.businessId())).isEqualTo(stayingBefore);
    assertThat(event(leaving, "RecordsDeleted").getMessage()).matches("Deleted its records: \\d+ rows in the"
        + " platform's database");
  }

  @Test
  void deletingWithTheDefaultRetainKeepsTheRecordsAndSaysSo() throws Exception {
    Registered kept = withRecords("mario-pizza.yaml");
    Map<String, Long> before = residue(kept.businessId());
    assertThat(business(kept).getMetadata().getFinalizers()).doesNotContain(DeletedBusinesses.FINALIZER);

    kubernetes.resources(Business.class).withName(kept.name()).delete();

    await().atMost(Duration.ofSeconds(10)).until(() -> business(kept) == null);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(event(kept, "RecordsRetained")
        .getMessage()).contains("spec.dataRetention.deletionPolicy: Retain"));
    assertThat(residue(kept.businessId())).isEqualTo(before);
  }

  @Test
  void turningDeleteBackToRetainTakesTheFinalizerAway() {
    Registered business = TestTenants.register(directory, "mario-pizza.yaml", false);
    setDeletionPolicy(business, Integration.DeletionPolicy.DELETE);
    await().atMost(Duration.ofSeconds(10)).until(() -> business(business).getMetadata().getFinalizers()
        .contains(DeletedBusinesses.FINALIZER));

    setDeletionPolicy(business, Integration.DeletionPolicy.RETAIN);

    await().atMost(Duration.ofSeconds(10)).until(() -> !business(business).getMetadata().getFinalizers()
        .contains(DeletedBusinesses.FINALIZER));
  }

  /** A Business with a call, an order, a customer, an outbox entry and a tool journal. */
  private Registered withRecords(String example) {
    Registered tenant = TestTenants.register(directory, example, false);
    ToolCalls call = ToolCalls.start(http, tenant, csv, catalog, example);
    assertThat(call.tool("place_order", Map.of("items", List.of(Map.of("name", "Tiramisu", "quantity", 1)),
        "customerName", "Ada Lovelace", "customerPhone", "+14155550199")).status()).isEqualTo(200);
    return tenant;
  }

  private Business business(Registered registered) {
    return kubernetes.resources(Business.class).withName(registered.name()).get();
  }

  private void setDeletionPolicy(Registered registered, Integration.DeletionPolicy policy) {
    kubernetes.resources(Business.class).withName(registered.name()).edit(b -> {
      var s = b.getSpec();
      b.setSpec(new com.qastco.voice.api.v1alpha1.BusinessSpec(s.displayName(), s.type(), s.contact(),
          s.subdomain(), s.customDomains(), s.plan(), s.billing(), s.locale(), s.hours(), s.voice(), s.phoneNumbers(),
          s.widget(), s.branding(), s.notifications(), s.handover(), s.tools(), s.integrations(), s.suspended(),
          new DataRetention(policy)));
      return b;
    });
  }

  private Event event(Registered registered, String reason) {
    return kubernetes.v1().events().list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()) && registered.name().equals(e.getInvolvedObject().getName()))
        .findFirst().orElseThrow(() -> new AssertionError("no " + reason + " Event for " + registered.name()));
  }

  private static void insertCustomers(UUID businessId, int count) throws Exception {
    try (Connection c = TestEnvironment.POSTGRES.ownerConnection()) {
      tenant(c, businessId);
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO customer (id, business_id, name, phone)"
          + " VALUES (?, ?, ?, ?)")) {
        for (int i = 0; i < count; i++) {
          insert.setObject(1, UUID.randomUUID());
          insert.setObject(2, businessId);
          insert.setString(3, "Caller " + i);
          insert.setString(4, String.format("+1212555%04d", i));
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
  }

  /** The rows a Business has in each table with a business_id column: the residue scan. */
  private static Map<String, Long> residue(UUID businessId) throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    try (Connection c = TestEnvironment.POSTGRES.ownerConnection()) {
      tenant(c, businessId);
      List<String> tables = new ArrayList<>();
      try (PreparedStatement list = c.prepareStatement("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON"
          + " n.oid = c.relnamespace AND n.nspname = current_schema() JOIN pg_attribute a ON a.attrelid = c.oid AND"
          + " a.attname = 'business_id' WHERE c.relkind = 'r'"); ResultSet r = list.executeQuery()) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
      assertThat(tables).hasSizeGreaterThan(25);
      for (String table : tables) {
        try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM " + table
            + " WHERE business_id = ?")) {
          count.setObject(1, businessId);
          try (ResultSet r = count.executeQuery()) {
            r.next();
            if (r.getLong(1) > 0) {
              counts.put(table, r.getLong(1));
            }
          }
        }
      }
    }
    return counts;
  }

  /** Row-level security is forced on some tables' owner too: the scan sees a Business's rows with its id set. */
  private static void tenant(Connection c, UUID businessId) throws Exception {
    try (PreparedStatement set = c.prepareStatement("SELECT set_config('app.business_id', ?, false)")) {
      set.setString(1, businessId.toString());
      set.execute();
    }
  }
}
