package com.qastco.voice.runtime.ratelimits;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestHttp;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A Business past its plan's request rate gets 429 with Retry-After; others are not touched by it. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitTest implements RuntimeTest {
  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  io.lettuce.core.api.StatefulRedisConnection<String, String> redis;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new java.util.HashMap<>(RuntimeTest.super.getProperties());
    properties.put("voice.plans.professional.requests-per-minute", "25");
    properties.put("voice.plans.professional.requests-per-minute-per-key", "20");
    properties.put("voice.widget.sessions-per-client-per-minute", "3");
    return properties;
  }

  private Answer catalog(Registered tenant, String bearer) {
    return TestHttp.send(http, HttpRequest.GET("/api/v1/catalog").header("Authorization", bearer));
  }

  @Test
  void aKeyPastItsLimitGets429WithRetryAfter() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);

    List<Answer> secret = IntStream.range(0, 24).mapToObj(i -> catalog(mario, mario.bearer())).toList();

    assertThat(secret.subList(0, 20)).allSatisfy(a -> assertThat(a.status()).isNotEqualTo(429));
    assertThat(secret.subList(20, 24)).allSatisfy(a -> {
      assertThat(a.status()).isEqualTo(429);
      assertThat(a.error()).contains("rate_limited", "Too many requests");
      assertThat(Integer.parseInt(a.headers().get("Retry-After"))).isBetween(1, 60);
    });
  }

  /**
   * The attack: the publishable key is in every page with the widget; spending the Business's bucket with it
   * blocked the Business's own API and widget. Now it spends only the bucket of the client and Origin using it.
   */
  @Test
  void thePublishableKeyCannotSpendTheBusinessesLimitsAndIsLimitedPerClientAfterTheOriginCheck() {
    TestEnvironment.ULTRAVOX.reset();
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);

    List<Answer> forged = IntStream.range(0, 40)
        .mapToObj(i -> widget(mario, "https://attacker.example", "203.0.113.7")).toList();
    assertThat(forged).allSatisfy(a -> assertThat(a.error()).startsWith("403 origin_not_allowed"));
    List<Answer> misused = IntStream.range(0, 30)
        .mapToObj(i -> catalog(mario, "Bearer " + mario.publishableKey())).toList();
    assertThat(misused).allSatisfy(a -> assertThat(a.status()).isEqualTo(401));
    // All of the Business's own 25 a minute are still there for its secret key.
    assertThat(IntStream.range(0, 20).mapToObj(i -> catalog(mario, mario.bearer()).status()))
        .containsOnly(200);

    List<Answer> flood = IntStream.range(0, 5)
        .mapToObj(i -> widget(mario, "https://www.mariospizza.example", "198.51.100.9")).toList();
    assertThat(flood.subList(0, 3)).allSatisfy(a -> assertThat(a.status()).isEqualTo(201));
    assertThat(flood.subList(3, 5)).allSatisfy(a -> assertThat(a.status()).isEqualTo(429));
    assertThat(widget(mario, "https://www.mariospizza.example", "192.0.2.44").status()).isEqualTo(201);
  }

  private Answer widget(Registered tenant, String origin, String client) {
    return TestHttp.send(http, HttpRequest.POST("/api/v1/sessions", Map.of()).header("Host", tenant.host())
        .header("Origin", origin).header("X-Forwarded-For", client)
        .header("Authorization", "Bearer " + tenant.publishableKey()));
  }

  @Test
  void oneBusinessFloodingLeavesAnotherUntouched() {
    Registered flooder = TestTenants.register(directory, "mario-pizza.yaml", false);
    Registered neighbour = TestTenants.register(directory, "mario-pizza.yaml", false);

    CompletableFuture<List<Integer>> flood = CompletableFuture.supplyAsync(() -> IntStream.range(0, 200)
        .mapToObj(i -> catalog(flooder, flooder.bearer()).status()).toList());
    List<Integer> calm = IntStream.range(0, 15).mapToObj(i -> catalog(neighbour, neighbour.bearer()).status())
        .toList();

    assertThat(flood.join()).filteredOn(s -> s == 429).hasSizeGreaterThanOrEqualTo(180);
    assertThat(calm).containsOnly(200);
  }

  @Test
  void aRefusedFloodCostsRedisAlmostNothing() {
    Registered flooder = TestTenants.register(directory, "mario-pizza.yaml", false);
    IntStream.range(0, 21).forEach(i -> catalog(flooder, flooder.bearer())); // the 21st is refused
    long before = redisCommands();

    List<Integer> refused = IntStream.range(0, 100).mapToObj(i -> catalog(flooder, flooder.bearer()).status())
        .toList();

    assertThat(refused).containsOnly(429);
    // Redis said when the next token comes; until then this replica refuses without asking again.
    assertThat(redisCommands() - before).isLessThan(10);
  }

  /** Commands Redis has run so far, INFO itself left out. */
  private long redisCommands() {
    return redis.sync().info("commandstats").lines().filter(l -> l.startsWith("cmdstat_"))
        .filter(l -> !l.startsWith("cmdstat_info:"))
        .mapToLong(l -> Long.parseLong(l.replaceAll(".*:calls=(\\d+),.*", "$1"))).sum();
  }

  @Test
  void unknownKeysAreRefusedByTheEndpointNotCounted() {
    Answer answer = TestHttp.send(http, HttpRequest.GET("/api/v1/catalog").header("Authorization", "Bearer sk_nope"));
    assertThat(answer.status()).isEqualTo(401);
  }
}
