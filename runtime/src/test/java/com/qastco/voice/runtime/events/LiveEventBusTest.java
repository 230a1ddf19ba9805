package com.qastco.voice.runtime.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.catalog.CatalogCsv;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.tools.ToolCalls;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Events happen on one runtime replica and are streamed by another, through the Redis they share. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveEventBusTest implements RuntimeTest {
  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  CatalogCsv csv;

  @Inject
  CatalogRepository catalog;

  private ApplicationContext secondReplica;
  private EmbeddedServer secondServer;
  private final java.net.http.HttpClient sseClient = java.net.http.HttpClient.newBuilder()
      .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  void startSecondReplica() {
    Map<String, Object> properties = new HashMap<>(getProperties());
    properties.put("micronaut.server.port", -1);
    properties.put("voice.events.max-streams-per-business", 3);
    secondReplica = ApplicationContext.builder().properties(properties).start();
    secondServer = secondReplica.getBean(EmbeddedServer.class).start();
  }

  @AfterAll
  void stopSecondReplica() {
    secondServer.stop();
    secondReplica.close();
  }

  /** An SSE connection to the second replica, collecting events until closed. */
  private static final java.util.concurrent.ExecutorService READERS = java.util.concurrent.Executors
      .newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "sse-reader");
        thread.setDaemon(true);
        return thread;
      });

  private final class Listener implements AutoCloseable {
    final LinkedBlockingQueue<Map<String, String>> events = new LinkedBlockingQueue<>();
    final CompletableFuture<Boolean> opened = new CompletableFuture<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    Listener(String path, String bearer, String lastEventId) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(secondServer.getURL() + path))
          .header("Authorization", bearer).header("Accept", "text/event-stream");
      if (lastEventId != null) {
        request.header("Last-Event-ID", lastEventId);
      }
      response = sseClient.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
      // Read on a thread of its own: a test thread that waits for the status must never end up reading the stream.
      response.thenAcceptAsync(r -> {
        Map<String, String> event = new HashMap<>();
        r.body().forEach(line -> {
          if (line.isEmpty()) {
            if (!event.isEmpty() && !List.of("ready", "keep-alive").contains(event.get("event"))) {
              events.add(new HashMap<>(event));
            } else if ("ready".equals(event.get("event"))) {
              opened.complete(true);
            }
            event.clear();
          } else if (line.contains(":") && !line.startsWith(":")) {
            event.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1).trim());
          }
        });
      }, READERS);
    }

    int status() {
      return response.join().statusCode();
    }

    /** The next {@code n} events, waiting up to 10 s for them. */
    List<Map<String, String>> take(int n) throws InterruptedException {
      List<Map<String, String>> taken = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Map<String, String> event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("event %d of %d", i + 1, n).isNotNull();
        taken.add(event);
      }
      return taken;
    }

    @Override
    public void close() {
      response.thenAccept(r -> r.body().close());
      response.cancel(true);
    }
  }

  private ToolCalls restaurant() {
    Registered tenant = TestTenants.register(directory, "mario-pizza.yaml", false);
    return ToolCalls.start(http, tenant, csv, catalog, "mario-pizza.yaml");
  }

  private static void order(ToolCalls call, String dish) {
    assertThat(call.tool("place_order", Map.of("items", List.of(Map.of("name", dish, "quantity", 1))),
        UUID.randomUUID().toString()).status()).isEqualTo(200);
  }

  @Test
  void whatHappensOnOneReplicaIsStreamedByTheOtherAndAReconnectResumes() throws Exception {
    ToolCalls call = restaurant();
    String lastSeen;
    try (Listener dashboard = new Listener("/api/v1/events", call.tenant().bearer(), null)) {
      dashboard.opened.get(10, TimeUnit.SECONDS); // the stream is open before anything happens
      order(call, "Margherita Pizza");

      List<Map<String, String>> events = dashboard.take(2);
      assertThat(events).extracting(e -> e.get("event")).containsExactly("tool.executed", "order.placed");
      assertThat(events.get(1).get("data")).contains("\"orderNumber\":1", "Margherita Pizza");
      lastSeen = events.get(1).get("id");
    }

    order(call, "Tiramisu");        // while nobody listens
    order(call, "Garlic Bread");

    try (Listener resumed = new Listener("/api/v1/events", call.tenant().bearer(), lastSeen)) {
      List<Map<String, String>> missed = resumed.take(4);
      assertThat(missed).extracting(e -> e.get("event"))
          .containsExactly("tool.executed", "order.placed", "tool.executed", "order.placed");
      assertThat(missed.get(1).get("data")).contains("Tiramisu");
      assertThat(missed.get(3).get("data")).contains("Garlic Bread");
      assertThat(resumed.events.poll(500, TimeUnit.MILLISECONDS)).isNull(); // nothing twice
    }
  }

  @Test
  void aSessionStreamCarriesOnlyThatSessionAndABusinessStreamOnlyThatBusiness() throws Exception {
    ToolCalls mine = restaurant();
    ToolCalls other = restaurant();
    try (Listener session = new Listener("/api/v1/sessions/" + sessionOf(mine) + "/events", mine.tenant().bearer(),
        null);
         Listener otherBusiness = new Listener("/api/v1/events", other.tenant().bearer(), null)) {
      assertThat(session.status()).isEqualTo(200);
      session.opened.get(10, TimeUnit.SECONDS);
      otherBusiness.opened.get(10, TimeUnit.SECONDS);
      order(mine, "Caesar Salad");

      assertThat(session.take(2)).extracting(e -> e.get("event")).containsExactly("tool.executed", "order.placed");
      assertThat(otherBusiness.events.poll(1, TimeUnit.SECONDS)).isNull();
    }
  }

  @Test
  void aBusinessOpensOnlySoManyStreamsAndAClosedOneFreesItsPlace() throws Exception {
    Registered greedy = TestTenants.register(directory, "mario-pizza.yaml", false);
    Registered other = TestTenants.register(directory, "mario-pizza.yaml", false);
    List<Listener> open = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Listener listener = new Listener("/api/v1/events", greedy.bearer(), null);
        open.add(listener);
        listener.opened.get(10, TimeUnit.SECONDS);
      }
      try (Listener fourth = new Listener("/api/v1/events", greedy.bearer(), null);
           Listener others = new Listener("/api/v1/events", other.bearer(), null)) {
        assertThat(fourth.status()).isEqualTo(429);
        assertThat(others.status()).isEqualTo(200); // another Business's streams are its own
      }
      open.remove(0).close();
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
        try (Listener again = new Listener("/api/v1/events", greedy.bearer(), null)) {
          return again.status() == 200;
        }
      });
    } finally {
      open.forEach(Listener::close);
    }
  }

  @Test
  void anotherBusinessesSessionStreamIsNotFound() {
    ToolCalls mine = restaurant();
    ToolCalls other = restaurant();
    try (Listener stolen = new Listener("/api/v1/sessions/" + sessionOf(mine) + "/events", other.tenant().bearer(),
        null)) {
      assertThat(stolen.status()).isEqualTo(404);
    }
    try (Listener anonymous = new Listener("/api/v1/events", "Bearer sk_not-a-key", null)) {
      assertThat(anonymous.status()).isEqualTo(401);
    }
  }

  private String sessionOf(ToolCalls call) {
    return directory.byId(call.tenant().businessId()).map(t -> secondReplica
        .getBean(com.qastco.voice.runtime.storage.TenantDatabase.class).inTenant(t.businessId(), c -> {
          try (var r = c.createStatement().executeQuery("SELECT id FROM voice_session")) {
            r.next();
            return r.getString(1);
          }
        })).orElseThrow();
  }
}
