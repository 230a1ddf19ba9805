package com.qastco.voice.operator;

import static com.qastco.voice.api.v1alpha1.BusinessStatus.Phase.Ready;
import static com.qastco.voice.operator.OperatorHarness.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.integrations.redis.EmbeddedRedisServer;
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
    platform.put("redis-url", redisServer.uri());
    harness = new OperatorHarness(false)
        .with("VOICE_EXTERNAL_FIRST_RETRY", "PT0.2S")
        .with("VOICE_EXTERNAL_MAX_RETRY", "PT1S");
    harness.configurePlatform(platform);
    harness.start();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void redisUserIsCreatedLimitedToTheTenantsPrefixWithThePasswordInTheCredentialsSecret() {
    harness.apply("mario-pizza.yaml");
    Business business = harness.awaitPhase("mario-pizza", Ready);

    assertThat(condition(business, "RedisReady").getStatus()).isEqualTo("True");
    assertThat(business.getStatus().integrations().redis().user()).isEqualTo("business-mario-pizza");
    assertThat(business.getStatus().integrations().redis().keyPrefix()).isEqualTo("business:{mario-pizza}:");
    String password = harness.credentials("mario-pizza").redisPassword();
    assertThat(password).hasSizeGreaterThanOrEqualTo(43);
    try (var tenant = redisClient.connect(RedisURI.builder(RedisURI.create(redisServer.uri()))
        .withAuthentication("business-mario-pizza", password).build())) {
      tenant.sync().set("business:{mario-pizza}:hello", "world");
      assertThat(tenant.sync().get("business:{mario-pizza}:hello")).isEqualTo("world");
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
    assertThat(redis.sync().aclUsers()).contains("business-dr-smith");
  }

  @Test
  void deletionRemovesTheRedisUserAndEveryKeyOfTheTenantOnly() {
    harness.apply("techsupport.yaml");
    harness.awaitPhase("techsupport", Ready);
    for (int i = 0; i < 1_200; i++) {
      redis.sync().set(TenantAcl.prefixOf("techsupport") + "k" + i, "v");
    }
    redis.sync().set(TenantAcl.prefixOf("someone-else") + "k", "kept");

    harness.business("techsupport").delete();

    await().atMost(Duration.ofSeconds(20)).until(() -> harness.business("techsupport").get() == null);
    assertThat(redis.sync().aclUsers()).doesNotContain("business-techsupport");
    assertThat(redis.sync().scan(ScanCursor.INITIAL, ScanArgs.Builder.matches("business:{techsupport}:*")
        .limit(100_000)).getKeys()).isEmpty();
    assertThat(redis.sync().get(TenantAcl.prefixOf("someone-else") + "k")).isEqualTo("kept");
  }
}
