package com.qastco.voice.runtime.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.embedded.EmbeddedPostgresServer;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestHttp;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.catalog.CatalogCsv;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.tools.ToolCalls;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PostgreSQL killed with SIGKILL under a load of tool calls and API reads, then started again: meanwhile every
 * answer is a 503 with Retry-After (never a 500), and afterwards every order a caller was told about is there,
 * once, and every call retried with its invocation id gets its one order. The test has a server of its own,
 * durable as production is (synchronous_commit on), so killing it disturbs no other test.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageTest implements RuntimeTest {
  private static final EmbeddedPostgresServer POSTGRES = EmbeddedPostgresServer.start(Migrations::run,
      Map.of("synchronous_commit", "on"));

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
  @Client("http://127.0.0.1:${endpoints.all.port}")
  HttpClient management;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(RuntimeTest.super.getProperties());
    POSTGRES.runtimeProperties().forEach((k, v) -> properties.put(k, v.toString()));
    return properties;
  }

  @AfterAll
  void stop() {
    POSTGRES.close();
  }

  private record Sent(String invocation, Answer answer) {}

  @Test
  void aKilledDatabaseGivesRetryAfterNeverAFiveHundredAndLosesOrDoublesNoOrder() throws Exception {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    ToolCalls call = ToolCalls.start(http, mario, csv, catalog, "mario-pizza.yaml");
    List<Sent> sent = new CopyOnWriteArrayList<>();
    List<Answer> reads = new CopyOnWriteArrayList<>();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService load = Executors.newFixedThreadPool(3);
    for (int worker = 0; worker < 2; worker++) {
      load.submit(() -> {
        while (running.get()) {
          String invocation = UUID.randomUUID().toString();
          sent.add(new Sent(invocation, order(call, invocation)));
          pause(100);
        }
      });
    }
    load.submit(() -> {
      while (running.get()) {
        reads.add(TestHttp.send(http, HttpRequest.GET("/api/v1/orders").header("Host", mario.host())
            .header("Authorization", mario.bearer())));
        pause(150);
      }
    });

    awaitAccepted(sent, 5);
    POSTGRES.crash();
    int sentBeforeRestart;
    try {
      pause(3000);
      Answer readiness = TestHttp.send(management, HttpRequest.GET("/health/readiness"));
      assertThat(readiness.status()).as("not ready while the database is away").isEqualTo(503);
    } finally {
      sentBeforeRestart = sent.size();
      POSTGRES.restart();
    }
    int acceptedAtRestart = accepted(sent).size();
    long restarted = System.nanoTime();
    await(() -> accepted(sent).size() > acceptedAtRestart, "a tool call accepted again after the restart");
    long firstAccepted = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted);
    await(() -> accepted(sent).size() >= acceptedAtRestart + 5, "tool calls accepted again after the restart");
    running.set(false);
    load.shutdown();
    assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    List<Answer> all = new ArrayList<>(reads);
    sent.forEach(s -> all.add(s.answer()));
    assertThat(all).extracting(Answer::status).as("every answer").allMatch(s -> s == 200 || s == 503)
        .contains(503);
    assertThat(all).filteredOn(a -> a.status() == 503).allSatisfy(a -> {
      assertThat(a.headers().get("Retry-After")).isEqualTo("5");
      assertThat(a.get("error")).isEqualTo("database_unavailable");
      assertThat(a.body().toString()).doesNotContain("jdbc", "SQL", "postgres", "Connection");
    });
    assertThat(sentBeforeRestart).isGreaterThan(0);
    System.out.printf("Database outage: %d answers, %d of them 503; the first tool call accepted %d ms after the"
        + " server took connections again%n", all.size(), all.stream().filter(a -> a.status() == 503).count(),
        firstAccepted);

    // What a caller was told is placed is there; what was refused is sent again with its invocation id (as a
    // retrying client does) and gets its one order, whether or not the first attempt had committed.
    Map<String, Long> numbers = new ConcurrentHashMap<>();
    for (Sent s : sent) {
      Answer answer = s.answer();
      for (int attempt = 0; answer.status() == 503 && attempt < 20; attempt++) {
        pause(200);
        answer = order(call, s.invocation());
      }
      assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
      numbers.put(s.invocation(), ((Number) answer.get("orderNumber")).longValue());
    }
    assertThat(Collections.frequency(new ArrayList<>(numbers.values()), null)).isZero();
    assertThat(numbers.values()).doesNotHaveDuplicates();
    assertThat(ordersInDatabase(mario.businessId())).containsExactlyInAnyOrderElementsOf(numbers.values());
    Answer readiness = TestHttp.send(management, HttpRequest.GET("/health/readiness"));
    assertThat(readiness.status()).isEqualTo(200);
  }

  private static Answer order(ToolCalls call, String invocation) {
    return call.tool("place_order", Map.of("items", List.of(Map.of("name", "Tiramisu", "quantity", 1))),
        invocation);
  }

  private static List<Sent> accepted(List<Sent> sent) {
    return sent.stream().filter(s -> s.answer().status() == 200).toList();
  }

  private static void awaitAccepted(List<Sent> sent, int count) {
    await(() -> accepted(sent).size() >= count, count + " tool calls accepted");
  }

  private static void await(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      pause(50);
    }
  }

  private static List<Long> ordersInDatabase(UUID businessId) throws Exception {
    List<Long> numbers = new ArrayList<>();
    try (Connection c = POSTGRES.ownerConnection();
         PreparedStatement tenant = c.prepareStatement("SELECT set_config('app.business_id', ?, false)");
         PreparedStatement select = c.prepareStatement("SELECT number FROM orders WHERE business_id = ?")) {
      tenant.setString(1, businessId.toString()); // row-level security is forced on the owner too
      tenant.execute();
      select.setObject(1, businessId);
      try (ResultSet r = select.executeQuery()) {
        while (r.next()) {
          numbers.add(r.getLong(1));
        }
      }
    }
    return numbers;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
