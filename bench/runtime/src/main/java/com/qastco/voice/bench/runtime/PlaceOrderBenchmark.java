package com.qastco.voice.bench.runtime;

import com.qastco.voice.api.credentials.Credentials;
import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessStatus;
import com.qastco.voice.operator.credentials.CredentialsSecret;
import com.qastco.voice.embedded.InMemoryKubernetes;
import com.qastco.voice.runtime.Application;
import com.qastco.voice.runtime.catalog.CatalogCsv;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.embedded.EmbeddedPostgresServer;
import com.qastco.voice.embedded.EmbeddedRedisServer;
import com.qastco.voice.runtime.storage.Migrations;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The runtime with a real PostgreSQL and Redis on this machine, driven from loopback at a fixed request rate:
 * place_order (validation, journal, catalog prices, order and items in one transaction) against a trivial
 * endpoint of the same application (the tenant page: a host lookup in memory) as the baseline. Then the heap
 * with 10,000 live sessions. Run: see the README, "Benchmarks".
 */
public final class PlaceOrderBenchmark {
  private PlaceOrderBenchmark() {}

  public static void main(String[] args) {
    exitWith(PlaceOrderBenchmark::run);
  }

  interface Benchmark {
    void run() throws Exception;
  }

  /**
   * Runs a benchmark as a command: exit 0 when it is done, 1 with the failure printed. exec:java waits for every
   * non-daemon thread before it reports a failure, so a benchmark that throws would otherwise sit there forever
   * beside the fakes' worker threads.
   */
  static void exitWith(Benchmark benchmark) {
    try {
      benchmark.run();
    } catch (Throwable failure) {
      failure.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private static void run() throws Exception {
    // Tenants are told apart by Host, and the JDK client sets it from the URL unless allowed to send it.
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    int rate = Integer.getInteger("rate", 200);
    int seconds = Integer.getInteger("seconds", 15);
    int liveSessions = Integer.getInteger("sessions", 10_000);
    int tenantCount = Integer.getInteger("tenants", 20);
    Path examples = Path.of(System.getProperty("examples", "examples"));

    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(Migrations::run);
         EmbeddedRedisServer redis = EmbeddedRedisServer.start();
         InMemoryKubernetes cluster = new InMemoryKubernetes("voice")) {
      HttpServer ultravox = fakeUltravox();
      Map<String, Object> properties = runtimeProperties(postgres, redis, cluster, ultravox);
      properties.put("voice.plans.professional.concurrent-calls", liveSessions + 100);
      properties.put("voice.plans.professional.included-sessions", liveSessions * 10);
      // What is measured here is the work, not the rate limits (their own benchmark floods on purpose).
      properties.put("voice.plans.professional.requests-per-minute", 1_000_000);
      properties.put("voice.plans.professional.requests-per-minute-per-key", 1_000_000);
      try (ApplicationContext runtime = ApplicationContext.builder(Application.class).properties(properties)
          .start()) {
        EmbeddedServer server = runtime.getBean(EmbeddedServer.class).start();
        String base = "http://127.0.0.1:" + server.getPort();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // Load spread over several restaurants, as on a shared platform; each has a call in progress.
        List<Tenant> tenants = new ArrayList<>();
        List<String[]> calls = new ArrayList<>();
        for (int i = 0; i < tenantCount; i++) {
          Tenant tenant = register(cluster.client(), runtime, examples, "mario-" + i);
          tenants.add(tenant);
          calls.add(startSession(http, base, tenant));
        }
        AtomicInteger orders = new AtomicInteger();

        Supplier<HttpRequest> page = () -> {
          Tenant tenant = tenants.get(orders.incrementAndGet() % tenantCount);
          return HttpRequest.newBuilder(URI.create(base + "/")).header("Host", tenant.host()).build();
        };
        Supplier<HttpRequest> placeOrder = () -> {
          int n = orders.incrementAndGet();
          Tenant tenant = tenants.get(n % tenantCount);
          String[] call = calls.get(n % tenantCount);
          return HttpRequest.newBuilder(URI.create(base + "/api/v1/tools/place_order"))
              .header("Host", tenant.host()).header("X-Call-Token", call[0])
              .header("X-Invocation-Id", "bench-" + n)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"callId\":\"" + call[1] + "\",\"items\":["
                  + "{\"name\":\"Margherita Pizza\",\"quantity\":2},{\"name\":\"Tiramisu\",\"quantity\":1}]}"))
              .build();
        };
        Tenant tenant = tenants.get(0);

        run(http, page, rate, 3); // warm-up
        run(http, placeOrder, rate, 3);
        Result baseline = run(http, page, rate, seconds);
        Result measured = run(http, placeOrder, rate, seconds);

        System.out.printf("fixed rate %d req/s for %d s over %d tenants, one client on loopback%n", rate, seconds,
            tenantCount);
        print("baseline (tenant page)", baseline);
        print("place_order", measured);
        System.out.printf("ratios place_order/baseline: throughput %.2f, p50 %.1fx, p99 %.1fx%n",
            measured.throughput() / baseline.throughput(), measured.p50() / baseline.p50(),
            measured.p99() / baseline.p99());

        long before = heapAfterGc();
        Instant started = Instant.now();
        java.util.concurrent.ExecutorService starters = java.util.concurrent.Executors.newFixedThreadPool(16);
        List<java.util.concurrent.Future<String[]>> sessions = new ArrayList<>();
        for (int i = 0; i < liveSessions; i++) {
          sessions.add(starters.submit(() -> startSession(http, base, tenant)));
        }
        for (var session : sessions) {
          session.get();
        }
        starters.shutdown();
        long after = heapAfterGc();
        System.out.printf("%d live sessions started in %.1f s; heap %d MiB before, %d MiB after (whole JVM:"
                + " runtime, in-memory API server, clients)%n", liveSessions,
            Duration.between(started, Instant.now()).toMillis() / 1000.0, before >> 20, after >> 20);
        server.stop();
      } finally {
        ultravox.stop(0);
      }
    }
  }

  /** The runtime's settings for the embedded servers and the Ultravox stand-in, the same for every benchmark. */
  static Map<String, Object> runtimeProperties(EmbeddedPostgresServer postgres, EmbeddedRedisServer redis,
                                               InMemoryKubernetes cluster, HttpServer ultravox) {
    System.setProperty("kubernetes.master", cluster.url());
    System.setProperty("kubernetes.namespace", "voice");
    System.setProperty("http2.disable", "true");
    Map<String, Object> properties = new HashMap<>(postgres.runtimeProperties());
    properties.put("micronaut.server.port", -1);
    properties.put("voice.redis.uri", redis.uri());
    properties.put("voice.ultravox.base-url", "http://127.0.0.1:" + ultravox.getAddress().getPort() + "/api");
    properties.put("voice.ultravox.api-key", "bench.key");
    return properties;
  }

  record Tenant(String host, String secretKey, UUID businessId) {}

  record Result(int sent, int ok, double throughput, double p50, double p99) {}

  /** Open loop: requests leave on schedule whether or not earlier ones have come back. */
  static Result run(HttpClient http, Supplier<HttpRequest> request, int rate, int seconds)
      throws Exception {
    int total = rate * seconds;
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger ok = new AtomicInteger();
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long due = start + i * 1_000_000_000L / rate;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      long sent = System.nanoTime();
      inFlight.add(http.sendAsync(request.get(), HttpResponse.BodyHandlers.discarding()).thenAccept(r -> {
        latencies.add(System.nanoTime() - sent);
        if (r.statusCode() == 200) {
          ok.incrementAndGet();
        }
      }));
    }
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
    double elapsed = (System.nanoTime() - start) / 1e9;
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return new Result(total, ok.get(), ok.get() / elapsed, sorted.get(sorted.size() / 2) / 1e6,
        sorted.get((int) (sorted.size() * 0.99)) / 1e6);
  }

  static void print(String name, Result r) {
    System.out.printf("%-24s sent %d, ok %d, %.0f ok/s, p50 %.2f ms, p99 %.2f ms%n", name, r.sent(), r.ok(),
        r.throughput(), r.p50(), r.p99());
  }

  static Tenant register(KubernetesClient client, ApplicationContext runtime, Path examples, String name)
      throws Exception {
    // Each tenant its own subdomain: the Redis keys (live calls, month counts, rate limits) hang off it.
    String yaml = Files.readString(examples.resolve("mario-pizza.yaml"))
        .replace("subdomain: mario-pizza", "subdomain: " + name);
    Business business = client.resources(Business.class)
        .load(new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).item();
    business.getMetadata().setName(name);
    Business created = client.resource(business).inNamespace("voice").create();
    UUID businessId = UUID.randomUUID();
    String host = name + ".bench.localhost";
    created.setStatus(new BusinessStatus(1L, BusinessStatus.Phase.Ready, List.of(), businessId.toString(),
        name, "http://" + host, List.of(host), name + "-credentials", List.of(), name, null, null, null));
    client.resource(created).inNamespace("voice").updateStatus();
    Credentials credentials = Credentials.issue(businessId.toString(), null, Instant.now());
    client.resource(CredentialsSecret.desired(created, credentials,
        com.qastco.voice.api.credentials.CredentialsLocation.BESIDE_EACH_BUSINESS)).inNamespace("voice").create();
    TenantDirectory directory = runtime.getBean(TenantDirectory.class);
    while (directory.byKey(credentials.secretKey()).isEmpty()) {
      Thread.sleep(50);
    }
    try (var reader = Files.newBufferedReader(examples.resolve("catalogs/mario-pizza.csv"))) {
      runtime.getBean(CatalogRepository.class).insertAll(businessId,
          runtime.getBean(CatalogCsv.class).parse(reader).items());
    }
    return new Tenant(host, credentials.secretKey(), businessId);
  }

  /** Starts a session as a server would; returns its tool token (from the fake's request log) and call id. */
  static String[] startSession(HttpClient http, String base, Tenant tenant) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sessions"))
        .header("Host", tenant.host()).header("Authorization", "Bearer " + tenant.secretKey())
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("session not started: " + response.statusCode() + " " + response.body());
    }
    String callId = response.body().replaceAll(".*\"callId\":\"([^\"]+)\".*", "$1");
    String sessionId = response.body().replaceAll(".*\"sessionId\":\"([^\"]+)\".*", "$1");
    return new String[] {LAST_TOKEN.get(), callId, sessionId};
  }

  private static final java.util.concurrent.atomic.AtomicReference<String> LAST_TOKEN =
      new java.util.concurrent.atomic.AtomicReference<>();

  /**
   * Ultravox's create-call answer (and the tool token it was given, for the benchmark's own use), and an empty
   * transcript for any call.
   */
  static HttpServer fakeUltravox() throws Exception {
    // Without TCP_NODELAY the JDK server's header and body writes meet delayed ACKs: ~40 ms on every answer.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
    server.createContext("/api/calls", exchange -> {
      if ("GET".equals(exchange.getRequestMethod())) { // a call's messages: an empty transcript
        byte[] none = "{\"results\":[],\"next\":null}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, none.length);
        exchange.getResponseBody().write(none);
        exchange.close();
        return;
      }
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      LAST_TOKEN.set(body.replaceAll("(?s).*\"callToken\":\"([^\"]+)\".*", "$1"));
      byte[] answer = ("{\"callId\":\"" + UUID.randomUUID() + "\",\"joinUrl\":\"wss://bench.invalid/call\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(201, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
    return server;
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }
}
