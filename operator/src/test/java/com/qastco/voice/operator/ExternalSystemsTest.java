package com.qastco.voice.operator;

import static com.qastco.voice.api.v1alpha1.BusinessStatus.Phase.Ready;
import static com.qastco.voice.operator.OperatorHarness.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.qastco.voice.api.v1alpha1.Business;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.v1alpha1.BusinessStatus;
import com.qastco.voice.api.v1alpha1.Integration;
import com.qastco.voice.api.v1alpha1.Integrations;
import com.qastco.voice.integrations.fakes.FrappeFake;
import com.qastco.voice.integrations.fakes.StripeFake;
import com.qastco.voice.integrations.fakes.UltravoxFake;
import com.qastco.voice.embedded.EmbeddedRedisServer;
import com.qastco.voice.integrations.redis.TenantAcl;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The parts outside the cluster, provisioned against a real Redis and HTTP fakes of ERPNext, Ultravox, Stripe. */
class ExternalSystemsTest {
  private static EmbeddedRedisServer redisServer;
  private static RedisClient redisClient;
  private static StatefulRedisConnection<String, String> redis;
  private OperatorHarness harness;
  private FrappeFake erpnext;
  private UltravoxFake ultravox;
  private StripeFake stripe;
  private final Map<String, String> platform = new HashMap<>();

  @BeforeAll
  static void startRedis() {
    redisServer = EmbeddedRedisServer.start();
    redisClient = RedisClient.create(redisServer.uri());
    redis = redisClient.connect();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
    redisClient.shutdown();
    redisServer.close();
  }

  @BeforeEach
  void start() {
    erpnext = new FrappeFake();
    ultravox = new UltravoxFake();
    stripe = new StripeFake().withPrices("price_starter", "price_pro", "price_enterprise", "price_starter_over",
        "price_pro_over");
    platform.put("stripe-url", stripe.baseUrl());
    platform.put("stripe-api-key", StripeFake.API_KEY);
    platform.put("stripe-price-starter", "price_starter");
    platform.put("stripe-price-professional", "price_pro");
    platform.put("stripe-price-enterprise", "price_enterprise");
    platform.put("stripe-overage-price-starter", "price_starter_over");
    platform.put("stripe-overage-price-professional", "price_pro_over");
    platform.put("stripe-timeout", "PT2S");
    platform.put("ultravox-url", ultravox.apiUrl());
    platform.put("ultravox-api-key", UltravoxFake.API_KEY);
    platform.put("ultravox-webhook-secret", "whsec-platform-ultravox-0123456789");
    platform.put("ultravox-timeout", "PT2S");
    platform.put("redis-url", redisServer.uri());
    platform.put("erpnext-url", erpnext.baseUrl());
    platform.put("erpnext-api-key", FrappeFake.API_KEY);
    platform.put("erpnext-api-secret", FrappeFake.API_SECRET);
    platform.put("erpnext-timeout", "PT2S");
    harness = new OperatorHarness(false)
        .with("VOICE_EXTERNAL_FIRST_RETRY", "PT0.2S")
        .with("VOICE_EXTERNAL_MAX_RETRY", "PT1S");
    harness.configurePlatform(platform);
    harness.start();
  }

  @AfterEach
  void stop() {
    harness.close();
    erpnext.close();
    ultravox.close();
    stripe.close();
  }

  @Test
  void redisUserIsCreatedLimitedToTheTenantsPrefixWithThePasswordInTheCredentialsSecret() {
    harness.apply("mario-pizza.yaml");
    Business business = harness.awaitPhase("mario-pizza", Ready);

    String id = business.getStatus().businessId();
    assertThat(condition(business, "RedisReady").getStatus()).isEqualTo("True");
    assertThat(business.getStatus().integrations().redis().user()).isEqualTo("business-" + id);
    assertThat(business.getStatus().integrations().redis().keyPrefix()).isEqualTo("business:{" + id + "}:");
    String password = harness.credentials("mario-pizza").redisPassword();
    assertThat(password).hasSizeGreaterThanOrEqualTo(43);
    try (var tenant = tenantConnection(id, password)) {
      tenant.sync().set("business:{" + id + "}:hello", "world");
      assertThat(tenant.sync().get("business:{" + id + "}:hello")).isEqualTo("world");
    }
    assertThat(harness.client.getKubernetesSerialization().asJson(business.getStatus())).doesNotContain(password);
  }

  @Test
  void redisDownMakesOnlyItsConditionFalseAndTheBusinessRecoversWhenItIsBack() {
    platform.put("redis-url", "redis://127.0.0.1:1"); // nothing listens there
    harness.configurePlatform(platform);
    harness.apply("dr-smith.yaml");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Business b = harness.business("dr-smith").get();
      assertThat(b.getStatus()).isNotNull();
      assertThat(condition(b, "RedisReady").getStatus()).isEqualTo("False");
      assertThat(condition(b, "RedisReady").getReason()).isIn("Unavailable", "InProgress");
      assertThat(condition(b, "RedisReady").getMessage()).contains("Redis");
      assertThat(condition(b, "IngressReady").getStatus()).isEqualTo("True");
      assertThat(condition(b, "CredentialsReady").getStatus()).isEqualTo("True");
      assertThat(condition(b, "Ready").getMessage()).contains("RedisReady");
    });

    platform.put("redis-url", redisServer.uri());
    harness.configurePlatform(platform);
    Business recovered = harness.awaitPhase("dr-smith", Ready);
    assertThat(condition(recovered, "RedisReady").getStatus()).isEqualTo("True");
    assertThat(redis.sync().aclUsers()).contains("business-" + recovered.getStatus().businessId());
  }

  @Test
  void deletionRemovesTheRedisUserAndEveryKeyOfTheTenantOnly() {
    harness.apply("techsupport.yaml");
    String id = harness.awaitPhase("techsupport", Ready).getStatus().businessId();
    for (int i = 0; i < 1_200; i++) {
      redis.sync().set(TenantAcl.prefixOf(id) + "k" + i, "v");
    }
    redis.sync().set(TenantAcl.prefixOf("someone-else") + "k", "kept");

    harness.business("techsupport").delete();

    await().atMost(Duration.ofSeconds(20)).until(() -> harness.business("techsupport").get() == null);
    assertThat(redis.sync().aclUsers()).doesNotContain("business-" + id);
    assertThat(redis.sync().scan(ScanCursor.INITIAL, ScanArgs.Builder.matches("business:{" + id + "}:*")
        .limit(100_000)).getKeys()).isEmpty();
    assertThat(redis.sync().get(TenantAcl.prefixOf("someone-else") + "k")).isEqualTo("kept");
  }

  /**
   * The attack: sign up second for a subdomain someone holds. Before, the newcomer got keys, the holder's Redis
   * user (its password reset to the newcomer's), an ERPNext company, an agent and a Stripe trial; deleting it then
   * deleted the holder's Redis user and every key.
   */
  @Test
  void aBusinessClaimingAHeldSubdomainGetsNothingAndItsDeletionLeavesTheHolderIntact() throws Exception {
    harness.create("holder", "pizza", null);
    Business holder = harness.awaitPhase("holder", Ready);
    String id = holder.getStatus().businessId();
    String password = harness.credentials("holder").redisPassword();
    redis.sync().set(TenantAcl.prefixOf(id) + "live", "holder's state");
    int companies = erpnext.documents("Company").size();
    Thread.sleep(1100); // creation timestamps have one-second resolution

    harness.create("squatter", "pizza", null);
    Business squatter = harness.awaitPhase("squatter", BusinessStatus.Phase.SubdomainConflict);

    assertThat(harness.secret("squatter-credentials")).isNull();
    assertThat(squatter.getStatus().businessId()).isNull();
    assertThat(squatter.getStatus().keys()).isNull();
    assertThat(squatter.getStatus().integrations()).isNull();
    assertThat(squatter.getStatus().conditions()).extracting(c -> c.getType())
        .doesNotContain("CredentialsReady", "RedisReady", "ErpnextReady", "UltravoxReady", "StripeReady");
    assertThat(condition(squatter, "SubdomainClaimed").getMessage()).contains("taken by another Business")
        .doesNotContain("holder");
    assertThat(erpnext.documents("Company")).hasSize(companies);
    try (var tenant = tenantConnection(id, password)) { // the holder's password was not reset
      assertThat(tenant.sync().get(TenantAcl.prefixOf(id) + "live")).isEqualTo("holder's state");
    }

    harness.business("squatter").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.business("squatter").get() == null);

    assertThat(redis.sync().aclUsers()).contains("business-" + id);
    assertThat(redis.sync().get(TenantAcl.prefixOf(id) + "live")).isEqualTo("holder's state");
    assertThat(harness.business("holder").get().getStatus().phase()).isEqualTo(Ready);
  }

  private StatefulRedisConnection<String, String> tenantConnection(String businessId, String password) {
    return redisClient.connect(RedisURI.builder(RedisURI.create(redisServer.uri()))
        .withAuthentication(TenantAcl.userOf(businessId), password).build());
  }

  @Test
  void erpnextGetsOneCompanyAndARegistrationForANewBusiness() {
    harness.apply("mario-pizza.yaml");
    Business business = harness.awaitPhase("mario-pizza", Ready);

    assertThat(condition(business, "ErpnextReady").getStatus()).isEqualTo("True");
    var ids = business.getStatus().integrations().erpnext();
    assertThat(ids.company()).isEqualTo("Mario's Pizza Palace");
    assertThat(ids.abbreviation()).isEqualTo("MPP");
    assertThat(ids.registration()).isEqualTo(business.getStatus().businessId());
    ObjectNode company = erpnext.documents("Company").get("Mario's Pizza Palace");
    assertThat(company.path("default_currency").asText()).isEqualTo("USD");
    assertThat(company.path("country").asText()).isEqualTo("United States");
    assertThat(company.path("voice_business_id").asText()).isEqualTo(business.getStatus().businessId());
    ObjectNode registration = erpnext.documents("Business Registration").get(business.getStatus().businessId());
    assertThat(registration.path("company").asText()).isEqualTo("Mario's Pizza Palace");
    assertThat(registration.path("subdomain").asText()).isEqualTo("mario-pizza");
    assertThat(registration.path("plan").asText()).isEqualTo("professional");
    assertThat(registration.path("business_type").asText()).isEqualTo("restaurant");
    assertThat(registration.path("active").asInt()).isEqualTo(1);
    assertThat(erpnext.companyInserts()).isEqualTo(1);
  }

  @Test
  void aTakenCompanyNameAndAbbreviationGetTheSubdomainAndANumber() {
    erpnext.put("Company", "Mario's Pizza Palace", Map.of("company_name", "Mario's Pizza Palace", "abbr", "MPP"));
    harness.apply("mario-pizza.yaml");
    Business business = harness.awaitPhase("mario-pizza", Ready);

    assertThat(business.getStatus().integrations().erpnext().company())
        .isEqualTo("Mario's Pizza Palace (mario-pizza)");
    assertThat(business.getStatus().integrations().erpnext().abbreviation()).isEqualTo("MPP2");
    assertThat(erpnext.documents("Company")).hasSize(2);
  }

  @Test
  void erpnextDownMakesOnlyItsConditionFalseAndRecovers() {
    erpnext.failEverything(WireMock.aResponse().withStatus(503).withBody("<html>Bad gateway</html>"));
    harness.apply("dr-smith.yaml");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Business b = harness.business("dr-smith").get();
      assertThat(condition(b, "ErpnextReady").getStatus()).isEqualTo("False");
      assertThat(condition(b, "ErpnextReady").getMessage()).contains("ERPNext answered 503");
      assertThat(condition(b, "RedisReady").getStatus()).isEqualTo("True");
      assertThat(condition(b, "Ready").getMessage()).contains("ErpnextReady");
      assertThat(b.getStatus().phase()).isEqualTo(com.qastco.voice.api.v1alpha1.BusinessStatus.Phase.Provisioning);
    });

    erpnext.heal();
    Business recovered = harness.awaitPhase("dr-smith", Ready);
    assertThat(condition(recovered, "ErpnextReady").getStatus()).isEqualTo("True");
    assertThat(erpnext.companyInserts()).isEqualTo(1);
  }

  @Test
  void aCompanyCreationThatTimesOutAndAnOperatorRestartStillMakeOneCompany() {
    // ERPNext commits the company but answers after the operator stopped waiting (erpnext-timeout is 2 s).
    erpnext.companyCreationTakes(name -> Duration.ofSeconds(4));
    harness.apply("techsupport.yaml");
    await().atMost(Duration.ofSeconds(10)).until(() -> erpnext.documents("Company").size() == 1);
    harness.stopOperator(); // the crash: the company exists, the status does not know it
    erpnext.companyCreationTakes(name -> Duration.ZERO);

    harness.start();
    Business business = harness.awaitPhase("techsupport", Ready);

    assertThat(erpnext.companyInserts()).isEqualTo(1);
    assertThat(erpnext.documents("Company")).hasSize(1);
    assertThat(business.getStatus().integrations().erpnext().company()).isEqualTo("TechSupport Pro");
  }

  @Test
  void aDisplayNameChangeUpdatesTheRegistrationAndSuspensionMarksItInactive() {
    harness.apply("dr-smith.yaml");
    String businessId = harness.awaitPhase("dr-smith", Ready).getStatus().businessId();

    harness.edit("dr-smith", b -> {
      b.setSpec(withDisplayName(b.getSpec(), "Smith Family Clinic"));
      return b;
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> "Smith Family Clinic".equals(
        erpnext.documents("Business Registration").get(businessId).path("display_name").asText()));
    assertThat(erpnext.companyInserts()).isEqualTo(1); // the company keeps its name: its books are under it
  }

  @Test
  void deletionRetainsTheCompanyByDefaultAndDeletesItWhenAskedTo() {
    harness.apply("dr-smith.yaml");
    harness.apply("techsupport.yaml");
    String retained = harness.awaitPhase("dr-smith", Ready).getStatus().businessId();
    harness.awaitPhase("techsupport", Ready);
    harness.edit("techsupport", b -> {
      BusinessSpec s = b.getSpec();
      b.setSpec(new BusinessSpec(s.displayName(), s.type(), s.contact(), s.subdomain(), s.customDomains(), s.plan(),
          s.billing(), s.locale(), s.hours(), s.voice(), s.phoneNumbers(), s.widget(), s.branding(),
          s.notifications(), s.handover(), s.tools(), new Integrations(null, new Integration(true, Integration.DeletionPolicy.DELETE), null,
              null), s.suspended()));
      return b;
    });
    String deleted = harness.business("techsupport").get().getStatus().businessId();

    harness.business("dr-smith").delete();
    harness.business("techsupport").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.business("dr-smith").get() == null
        && harness.business("techsupport").get() == null);

    assertThat(erpnext.documents("Company")).containsOnlyKeys("Dr. Sarah Smith Clinic");
    assertThat(erpnext.documents("Business Registration").get(retained).path("active").asInt()).isZero();
    assertThat(erpnext.documents("Business Registration")).doesNotContainKey(deleted);
  }

  private static BusinessSpec withDisplayName(BusinessSpec s, String name) {
    return new BusinessSpec(name, s.type(), s.contact(), s.subdomain(), s.customDomains(), s.plan(), s.billing(),
        s.locale(), s.hours(), s.voice(), s.phoneNumbers(), s.widget(), s.branding(), s.notifications(), s.handover(), s.tools(),
        s.integrations(), s.suspended());
  }

  @Test
  void ultravoxGetsOneAgentPerBusinessWithItsPromptAndToolsAndThePlatformOneWebhook() {
    harness.apply("mario-pizza.yaml");
    harness.apply("dr-smith.yaml");
    Business mario = harness.awaitPhase("mario-pizza", Ready);
    harness.awaitPhase("dr-smith", Ready);

    assertThat(condition(mario, "UltravoxReady").getStatus()).isEqualTo("True");
    String agentId = mario.getStatus().integrations().ultravox().agentId();
    ObjectNode agent = ultravox.agents().get(agentId);
    assertThat(agent.path("name").asText()).isEqualTo("voice-" + mario.getStatus().businessId());
    var template = agent.path("callTemplate");
    assertThat(template.path("systemPrompt").asText()).contains("Mario's Pizza Palace", "America/New_York",
        "Monday 11:00-22:00");
    assertThat(template.path("selectedTools")).extracting(t -> t.path("temporaryTool").path("http")
        .path("baseUrlPattern").asText())
        .contains("https://mario-pizza.voice.example.com/api/v1/tools/place_order");
    assertThat(template.path("selectedTools").get(0).path("temporaryTool").path("staticParameters").get(0)
        .path("value").asText()).isEqualTo("{{callToken}}");
    assertThat(ultravox.agents()).hasSize(2);
    assertThat(ultravox.webhooks()).hasSize(1);
    assertThat(ultravox.webhooks().get(0).path("url").asText())
        .isEqualTo("https://voice.example.com/api/v1/webhooks/ultravox");
    assertThat(ultravox.webhooks().get(0).path("secrets").get(0).asText())
        .isEqualTo("whsec-platform-ultravox-0123456789");
  }

  @Test
  void aVoiceChangeUpdatesTheAgentInPlaceAndDeletionDeletesIt() {
    harness.apply("dr-smith.yaml");
    String agentId = harness.awaitPhase("dr-smith", Ready).getStatus().integrations().ultravox().agentId();

    harness.edit("dr-smith", b -> {
      var s = b.getSpec();
      var v = s.voice();
      b.setSpec(new BusinessSpec(s.displayName(), s.type(), s.contact(), s.subdomain(), s.customDomains(), s.plan(),
          s.billing(), s.locale(), s.hours(), new com.qastco.voice.api.v1alpha1.Voice("Emily-English",
          v == null ? null : v.languageHint(), "Good day, Smith clinic.", v == null ? null : v.extraInstructions(),
          v == null ? null : v.maxCallDurationSeconds(), v == null ? null : v.recording()), s.phoneNumbers(),
          s.widget(), s.branding(), s.notifications(), s.handover(), s.tools(), s.integrations(), s.suspended()));
      return b;
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> "Emily-English".equals(
        ultravox.agents().get(agentId).path("callTemplate").path("voice").asText()));
    assertThat(ultravox.agents().get(agentId).path("callTemplate").path("firstSpeakerSettings").path("agent")
        .path("text").asText()).isEqualTo("Good day, Smith clinic.");
    assertThat(ultravox.agentCreations()).isEqualTo(1);

    harness.business("dr-smith").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.business("dr-smith").get() == null);
    assertThat(ultravox.agents()).isEmpty();
  }

  @Test
  void anAgentCreatedJustBeforeACrashIsFoundAgainByName() {
    ultravox.agentCreationTakes(Duration.ofSeconds(4)); // the operator gives up after 2 s; the agent exists
    harness.apply("techsupport.yaml");
    await().atMost(Duration.ofSeconds(10)).until(() -> ultravox.agents().size() == 1);
    harness.stopOperator();
    ultravox.agentCreationTakes(Duration.ZERO);

    harness.start();
    Business business = harness.awaitPhase("techsupport", Ready);

    assertThat(ultravox.agentCreations()).isEqualTo(1);
    assertThat(business.getStatus().integrations().ultravox().agentId())
        .isEqualTo(ultravox.agents().keySet().iterator().next());
  }

  @Test
  void ultravoxDownMakesOnlyItsConditionFalseAndRecovers() {
    ultravox.failEverything(WireMock.aResponse().withStatus(429).withHeader("Retry-After", "1")
        .withBody("{\"detail\":\"Request was throttled.\"}"));
    harness.apply("mario-pizza.yaml");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Business b = harness.business("mario-pizza").get();
      assertThat(condition(b, "UltravoxReady").getStatus()).isEqualTo("False");
      assertThat(condition(b, "UltravoxReady").getMessage()).contains("rate or concurrency limit");
      assertThat(condition(b, "ErpnextReady").getStatus()).isEqualTo("True");
      assertThat(condition(b, "RedisReady").getStatus()).isEqualTo("True");
    });

    ultravox.heal();
    harness.awaitPhase("mario-pizza", Ready);
    assertThat(ultravox.agents()).hasSize(1);
  }

  @Test
  void allFourPartsAreReadyForANewBusiness() {
    harness.apply("mario-pizza.yaml");
    Business business = harness.awaitPhase("mario-pizza", Ready);

    assertThat(business.getStatus().conditions()).extracting(c -> c.getType() + "=" + c.getStatus())
        .contains("RedisReady=True", "ErpnextReady=True", "UltravoxReady=True", "StripeReady=True", "Ready=True");
    var ids = business.getStatus().integrations();
    assertThat(ids.stripe().priceId()).isEqualTo("price_pro");
    assertThat(ids.stripe().subscriptionStatus()).isEqualTo("trialing");
    ObjectNode customer = stripe.customers().get(ids.stripe().customerId());
    assertThat(customer.path("name").asText()).isEqualTo("Mario's Pizza Palace");
    assertThat(customer.path("email").asText()).isEqualTo("orders@mariospizza.example");
    assertThat(customer.path("metadata").path("business_id").asText()).isEqualTo(business.getStatus().businessId());
    ObjectNode subscription = stripe.subscriptions().get(ids.stripe().subscriptionId());
    assertThat(subscription.path("trial_missing_payment_method").asText()).isEqualTo("pause");
    assertThat(subscription.path("items").path("data")).extracting(i -> i.path("price").path("id").asText())
        .containsExactly("price_pro", "price_pro_over");
    assertThat(subscription.path("metadata").path("plan").asText()).isEqualTo("professional");
    assertThat(subscription.path("trial_end").asLong()).isGreaterThan(java.time.Instant.now().plus(
        Duration.ofDays(13)).getEpochSecond());
    assertThat(stripe.creations()).isEqualTo(2);
  }

  @Test
  void aPlanChangeSwapsThePriceWithProrationAndSuspensionPausesCollection() {
    harness.apply("dr-smith.yaml");
    var before = harness.awaitPhase("dr-smith", Ready).getStatus().integrations().stripe();

    harness.edit("dr-smith", b -> {
      BusinessSpec s = b.getSpec();
      b.setSpec(new BusinessSpec(s.displayName(), s.type(), s.contact(), s.subdomain(), s.customDomains(),
          com.qastco.voice.api.v1alpha1.Plan.ENTERPRISE, s.billing(), s.locale(), s.hours(), s.voice(),
          s.phoneNumbers(), s.widget(), s.branding(), s.notifications(), s.handover(), s.tools(), s.integrations(), s.suspended()));
      return b;
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> "price_enterprise".equals(stripe.subscriptions()
        .get(before.subscriptionId()).path("items").path("data").get(0).path("price").path("id").asText()));
    assertThat(stripe.prorations()).containsExactly("create_prorations");
    assertThat(stripe.subscriptions()).hasSize(1);
    assertThat(stripe.subscriptions().get(before.subscriptionId()).path("items").path("data"))
        .as("unlimited: no overage item").hasSize(1);
    assertThat(stripe.subscriptions().get(before.subscriptionId()).path("metadata").path("plan").asText())
        .isEqualTo("enterprise");
    await().atMost(Duration.ofSeconds(20)).until(() -> "price_enterprise".equals(
        harness.business("dr-smith").get().getStatus().integrations().stripe().priceId()));

    harness.edit("dr-smith", b -> {
      BusinessSpec s = b.getSpec();
      b.setSpec(new BusinessSpec(s.displayName(), s.type(), s.contact(), s.subdomain(), s.customDomains(), s.plan(),
          s.billing(), s.locale(), s.hours(), s.voice(), s.phoneNumbers(), s.widget(), s.branding(),
          s.notifications(), s.handover(), s.tools(), s.integrations(), true));
      return b;
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> "void".equals(stripe.subscriptions()
        .get(before.subscriptionId()).path("pause_collection").path("behavior").asText()));
    await().atMost(Duration.ofSeconds(20)).until(() -> "paused".equals(
        harness.business("dr-smith").get().getStatus().integrations().stripe().subscriptionStatus()));
    assertThat(stripe.creations()).isEqualTo(2);
  }

  @Test
  void aCustomerCreatedJustBeforeACrashIsNotCreatedTwice() {
    stripe.creationsTake(Duration.ofSeconds(4)); // the operator gives up after 2 s; the customer exists
    harness.apply("techsupport.yaml");
    await().atMost(Duration.ofSeconds(10)).until(() -> stripe.customers().size() == 1);
    harness.stopOperator();
    stripe.creationsTake(Duration.ZERO);

    harness.start();
    Business business = harness.awaitPhase("techsupport", Ready);

    assertThat(stripe.customers()).hasSize(1);
    assertThat(stripe.subscriptions()).hasSize(1);
    assertThat(business.getStatus().integrations().stripe().customerId())
        .isEqualTo(stripe.customers().keySet().iterator().next());
  }

  @Test
  void stripeDownMakesOnlyItsConditionFalseAndRecovers() {
    stripe.failEverything(StripeFake.error(503, "api_error", null, "Stripe is temporarily unavailable"));
    harness.apply("techsupport.yaml");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Business b = harness.business("techsupport").get();
      assertThat(condition(b, "StripeReady").getStatus()).isEqualTo("False");
      assertThat(condition(b, "StripeReady").getMessage()).contains("Stripe answered 503");
      assertThat(condition(b, "UltravoxReady").getStatus()).isEqualTo("True");
      assertThat(condition(b, "ErpnextReady").getStatus()).isEqualTo("True");
    });

    stripe.heal();
    harness.awaitPhase("techsupport", Ready);
    assertThat(stripe.customers()).hasSize(1);
  }

  @Test
  void deletionCancelsTheSubscriptionAndTheDeletePolicyAlsoDeletesTheCustomer() {
    harness.apply("mario-pizza.yaml");
    harness.apply("techsupport.yaml");
    var kept = harness.awaitPhase("mario-pizza", Ready).getStatus().integrations().stripe();
    harness.awaitPhase("techsupport", Ready);
    harness.edit("techsupport", b -> {
      BusinessSpec s = b.getSpec();
      b.setSpec(new BusinessSpec(s.displayName(), s.type(), s.contact(), s.subdomain(), s.customDomains(), s.plan(),
          s.billing(), s.locale(), s.hours(), s.voice(), s.phoneNumbers(), s.widget(), s.branding(),
          s.notifications(), s.handover(), s.tools(), new Integrations(null, null, null,
              new Integration(true, Integration.DeletionPolicy.DELETE)), s.suspended()));
      return b;
    });
    var deleted = harness.business("techsupport").get().getStatus().integrations().stripe();

    harness.business("mario-pizza").delete();
    harness.business("techsupport").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.business("mario-pizza").get() == null
        && harness.business("techsupport").get() == null);

    assertThat(stripe.subscriptions().get(kept.subscriptionId()).path("status").asText()).isEqualTo("canceled");
    assertThat(stripe.subscriptions().get(deleted.subscriptionId()).path("status").asText()).isEqualTo("canceled");
    assertThat(stripe.customers().get(kept.customerId()).path("deleted").asBoolean()).isFalse();
    assertThat(stripe.customers().get(deleted.customerId()).path("deleted").asBoolean()).isTrue();
    assertThat(ultravox.agents()).isEmpty();
    assertThat(redis.sync().aclUsers()).doesNotContain("business-mario-pizza", "business-techsupport");
  }

  @Test
  void anOperatorRestartRechecksEveryPartWithoutReadyFlapping() {
    harness.apply("mario-pizza.yaml");
    harness.awaitPhase("mario-pizza", Ready);
    harness.stopOperator();
    erpnext.answerAfter(Duration.ofSeconds(1)); // the re-check takes a while
    ultravox.answerAfter(Duration.ofSeconds(1));

    harness.start();
    java.util.List<String> seen = new java.util.ArrayList<>();
    long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
    while (System.nanoTime() < until) {
      Business b = harness.business("mario-pizza").get();
      seen.add(b.getStatus().phase() + "/" + condition(b, "Ready").getStatus());
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    assertThat(seen).containsOnly("Ready/True");
    assertThat(erpnext.companyInserts()).isEqualTo(1);
    assertThat(ultravox.agentCreations()).isEqualTo(1);
  }
}
