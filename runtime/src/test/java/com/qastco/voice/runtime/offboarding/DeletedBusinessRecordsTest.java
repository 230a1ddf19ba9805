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

  /**
   * The whole way, with the real operator provisioning against real Redis and the fakes: a Business with every
   * deletion policy at Delete takes a call and an order, its owner signs in; deleted, nothing of it is left in
   * PostgreSQL, Redis (keys and ACL user), the Kubernetes API (or only what its garbage collector removes with the
   * Business, by owner reference), Ultravox, ERPNext or Stripe.
   */
  @Test
  void deletingAProvisionedBusinessWithDeleteEverywhereLeavesNothingInAnySystem() throws Exception {
    var stripe = new com.qastco.voice.integrations.fakes.StripeFake().withPrices("price_starter", "price_pro",
        "price_enterprise", "price_starter_over", "price_pro_over");
    Map<String, String> platform = new java.util.HashMap<>(Map.of("redis-url", TestEnvironment.REDIS.uri(),
        "ultravox-url", TestEnvironment.ULTRAVOX.apiUrl(), "ultravox-api-key",
        com.qastco.voice.integrations.fakes.UltravoxFake.API_KEY, "ultravox-webhook-secret", "whsec-residue-0123456789",
        "erpnext-url", TestEnvironment.ERPNEXT.baseUrl(), "erpnext-api-key",
        com.qastco.voice.integrations.fakes.FrappeFake.API_KEY, "erpnext-api-secret",
        com.qastco.voice.integrations.fakes.FrappeFake.API_SECRET, "stripe-url", stripe.baseUrl(),
        "stripe-api-key", com.qastco.voice.integrations.fakes.StripeFake.API_KEY));
    platform.putAll(Map.of("stripe-price-starter", "price_starter", "stripe-price-professional", "price_pro",
        "stripe-price-enterprise", "price_enterprise", "stripe-overage-price-starter", "price_starter_over",
        "stripe-overage-price-professional", "price_pro_over"));
    var secrets = kubernetes.secrets().inNamespace(kubernetes.getNamespace());
    secrets.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata()
        .withName("voice-platform-integrations").endMetadata().withStringData(platform).build()).create();
    String name = "gone-" + UUID.randomUUID().toString().substring(0, 6);
    try (var operator = com.qastco.voice.operator.VoiceOperator.start(kubernetes,
        com.qastco.voice.operator.config.OperatorConfig.from(Map.of("VOICE_PLATFORM_DOMAIN", "localhost",
            "VOICE_PUBLIC_SCHEME", "http", "VOICE_LEADER_ELECTION", "false", "VOICE_OPERATOR_HTTP_PORT", "0",
            "VOICE_CREDENTIALS_NAMESPACE", TestEnvironment.CREDENTIALS.namespace())), java.time.Clock.systemUTC(),
        false)) {
      Business business = kubernetes.resources(Business.class).load(new java.io.File("../examples/mario-pizza.yaml"))
          .item();
      business.getMetadata().setName(name);
      var s = business.getSpec();
      var deleted = new Integration(true, Integration.DeletionPolicy.DELETE);
      business.setSpec(new com.qastco.voice.api.v1alpha1.BusinessSpec(s.displayName(), s.type(), s.contact(), name,
          null, s.plan(), s.billing(), s.locale(), s.hours(), s.voice(), null, s.widget(), s.branding(),
          s.notifications(), s.handover(), s.tools(), new com.qastco.voice.api.v1alpha1.Integrations(deleted, deleted,
          deleted, deleted), s.suspended(), new DataRetention(Integration.DeletionPolicy.DELETE)));
      kubernetes.resource(business).create();
      await().atMost(Duration.ofSeconds(60)).until(() -> business(name) != null && business(name).getStatus() != null
          && business(name).getStatus().phase() == com.qastco.voice.api.v1alpha1.BusinessStatus.Phase.Ready);
      Business ready = business(name);
      UUID id = UUID.fromString(ready.getStatus().businessId());
      String uid = ready.getMetadata().getUid();
      await().atMost(Duration.ofSeconds(10)).until(() -> directory.byId(id).flatMap(directory::credentials)
          .isPresent());
      String secretKey = directory.credentials(directory.byId(id).orElseThrow()).orElseThrow().secretKey();
      Registered tenant = new Registered(name, id, secretKey, null, name + ".localhost");
      ToolCalls call = ToolCalls.start(http, tenant, csv, catalog, "mario-pizza.yaml");
      assertThat(call.tool("place_order", Map.of("items", List.of(Map.of("name", "Tiramisu", "quantity", 1)),
          "customerName", "Ada Lovelace", "customerPhone", "+14155550199")).status()).isEqualTo(200);
      String session = sessions.start("owner", id, "owner@gone.example").getKey().key();
      String prefix = ready.getStatus().integrations().redis().keyPrefix();
      redis.sync().set(prefix + "live:probe", "x");
      String agent = ready.getStatus().integrations().ultravox().agentId();
      String company = ready.getStatus().integrations().erpnext().company();
      String customer = ready.getStatus().integrations().stripe().customerId();
      assertThat(residue(id)).containsKeys("orders", "voice_session", "customer");
      assertThat(TestEnvironment.ULTRAVOX.agents()).containsKey(agent);
      assertThat(stripe.customers()).containsKey(customer);
      assertThat(TestEnvironment.ERPNEXT.documents("Company")).containsKey(company);
      await().atMost(Duration.ofSeconds(10)).until(() -> business(name).getMetadata().getFinalizers()
          .contains(DeletedBusinesses.FINALIZER));

      assertThat(objectsOf(name, id)).as("its credentials Secret and Ingress").hasSizeGreaterThanOrEqualTo(2);

      kubernetes.resources(Business.class).withName(name).delete();
      await().atMost(Duration.ofSeconds(60)).until(() -> business(name) == null);

      assertThat(residue(id)).as("PostgreSQL rows").isEmpty();
      await().atMost(Duration.ofSeconds(5)).until(() -> redis.sync().exists(session) == 0);
      assertThat(redis.sync().keys(prefix + "*")).as("Redis keys").isEmpty();
      assertThat(redis.sync().aclList()).as("Redis users").noneMatch(u -> u.contains(id.toString()));
      assertThat(TestEnvironment.ULTRAVOX.agents()).as("Ultravox agent").doesNotContainKey(agent);
      assertThat(TestEnvironment.ERPNEXT.documents("Company")).as("ERPNext company").doesNotContainKey(company);
      // Stripe answers a deleted customer with a stub ({"deleted": true}) and nothing else of it.
      assertThat(stripe.customers().get(customer).path("deleted").asBoolean()).as("Stripe customer deleted").isTrue();
      // The mock API server has no garbage collector: what is left must be what the real one removes.
      assertThat(objectsOf(name, id))
          .as("Kubernetes objects of the Business not owned by it")
          .allSatisfy(o -> assertThat(o.getMetadata().getOwnerReferences()).anyMatch(r -> uid.equals(r.getUid())));
    } finally {
      secrets.withName("voice-platform-integrations").delete();
      stripe.close();
    }
  }

  /** The Secrets and Ingresses named after the Business or labelled with its id. */
  private List<io.fabric8.kubernetes.api.model.HasMetadata> objectsOf(String name, UUID id) {
    List<io.fabric8.kubernetes.api.model.HasMetadata> all = new ArrayList<>();
    all.addAll(kubernetes.secrets().inAnyNamespace().list().getItems());
    all.addAll(kubernetes.network().v1().ingresses().inAnyNamespace().list().getItems());
    return all.stream().filter(o -> o.getMetadata().getName().contains(name)
        || String.valueOf(o.getMetadata().getLabels()).contains(id.toString())).toList();
  }

  private Business business(String name) {
    return kubernetes.resources(Business.class).withName(name).get();
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
