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
    int seconds = Integer.getInteger("seconds", 10);
    int liveSessions = Integer.getInteger("sessions", 10_000);
    int tenantCount = Integer.getInteger("tenants", 20);
    List<Integer> clientCounts = java.util.Arrays.stream(System.getProperty("clients", "4,8,16,32").split(","))
        .map(String::trim).map(Integer::valueOf).toList();
    Path examples = Path.of(System.getProperty("examples", "examples"));

    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(Migrations::run, DURABLE);
         EmbeddedRedisServer redis = EmbeddedRedisServer.start();
         InMemoryKubernetes cluster = new InMemoryKubernetes("voice")) {
      HttpServer ultravox = fakeUltravox();
      Map<String, Object> properties = runtimeProperties(postgres, redis, cluster, ultravox);
      properties.put("voice.plans.professional.concurrent-calls", liveSessions + 100);
      properties.put("voice.plans.professional.included-sessions", liveSessions * 10);
      // What is measured here is the work, not the rate limits (their own benchmark floods on purpose).
      properties.put("voice.plans.professional.requests-per-minute", 100_000_000);
      properties.put("voice.plans.professional.requests-per-minute-per-key", 100_000_000);
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
        java.util.function.IntFunction<Supplier<HttpRequest>> pageOver = spread -> () -> {
          Tenant tenant = tenants.get(orders.incrementAndGet() % spread);
          return HttpRequest.newBuilder(URI.create(base + "/")).header("Host", tenant.host()).build();
        };
        java.util.function.IntFunction<Supplier<HttpRequest>> ordersOver = spread -> () -> {
          int n = orders.incrementAndGet();
          return placeOrder(base, tenants.get(n % spread), calls.get(n % spread), "bench-" + n);
        };
        Supplier<HttpRequest> page = pageOver.apply(tenantCount);
        Supplier<HttpRequest> placeOrder = ordersOver.apply(tenantCount);

        closedLoop(page, 8, 3_000L); // warm-up
        closedLoop(placeOrder, 8, 3_000L);

        StatementCounter counter = new StatementCounter(postgres, redis);
        int counted = 200;
        counter.reset();
        closedLoopCount(placeOrder, 1, counted);
        StatementCounter.PerCall perCall = counter.perCall(counted);
        System.out.printf("per place_order (%d sequential calls): %.1f SQL statements (BEGIN/COMMIT included), %.2f"
            + " transactions, %.1f Redis commands%n", counted, perCall.statements(), perCall.transactions(),
            perCall.redisCommands());

        System.out.printf("P1 closed loop, %d restaurants, %d s per client count%n", tenantCount, seconds);
        Result best = null;
        int bestClients = clientCounts.get(0);
        for (int clients : clientCounts) {
          Result r = closedLoop(placeOrder, clients, seconds * 1000L);
          print("place_order, " + clients + " clients", r);
          if (r.p99() < 100 && (best == null || r.throughput() > best.throughput())) {
            best = r;
            bestClients = clients;
          }
        }
        if (best == null) {
          throw new IllegalStateException("p99 over 100 ms at every client count: no capacity to report");
        }
        Ceiling ceiling = singleRowInserts(postgres, bestClients, seconds);
        System.out.printf("ceiling: %s, %d clients: %.0f tx/s (synchronous_commit=%s)%n", ceiling.how(),
            bestClients, ceiling.tps(), setting(postgres, "synchronous_commit"));
        Result pageClosed = closedLoop(page, bestClients, seconds * 1000L);
        print("tenant page, " + bestClients + " clients", pageClosed);
        System.out.printf("the HTTP stack alone (tenant page, same clients): %.0f/s = %.2fx the ceiling;"
            + " place_order = %.2fx the page%n", pageClosed.throughput(), pageClosed.throughput() / ceiling.tps(),
            best.throughput() / pageClosed.throughput());
        System.out.printf("P1  place_order capacity (p99 < 100 ms) %.0f/s at %d clients = %.2fx the ceiling%n",
            best.throughput(), bestClients, best.throughput() / ceiling.tps());

        Result alone = closedLoop(ordersOver.apply(1), bestClients, seconds * 1000L);
        print("one restaurant, " + bestClients + " clients", alone);
        System.out.printf("P1b one restaurant %.0f/s (p99 %.1f ms) = %.2fx the ceiling%n", alone.throughput(),
            alone.p99(), alone.throughput() / ceiling.tps());
        numbersAreGapFree(postgres, tenants.get(0));

        int half = (int) Math.max(1, best.throughput() / 2);
        Result pageAtHalf = run(http, page, half, seconds);
        Result ordersAtHalf = run(http, placeOrder, half, seconds);
        print("tenant page at " + half + "/s", pageAtHalf);
        print("place_order at " + half + "/s", ordersAtHalf);
        System.out.printf("P1c at half the capacity (%d/s, open loop): p99 %.1f ms against the page's %.1f ms ="
            + " %.1fx; p50 %.1fx%n", half, ordersAtHalf.p99(), pageAtHalf.p99(),
            ordersAtHalf.p99() / pageAtHalf.p99(), ordersAtHalf.p50() / pageAtHalf.p50());

        Tenant tenant = tenants.get(0);
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
        System.out.printf("P2  %d live sessions started in %.1f s; heap %d MiB before, %d MiB after (whole JVM:"
                + " runtime, in-memory API server, clients; max heap %d MiB)%n", liveSessions,
            Duration.between(started, Instant.now()).toMillis() / 1000.0, before >> 20, after >> 20,
            Runtime.getRuntime().maxMemory() >> 20);
        server.stop();
      } finally {
        ultravox.stop(0);
      }
    }
  }

  /**
   * PostgreSQL as production runs it: a commit is acknowledged once it is on disk (the embedded default is
   * synchronous_commit=off), with the statistics the benchmark counts statements by.
   */
  static final Map<String, String> DURABLE = Map.of("synchronous_commit", "on",
      "shared_preload_libraries", "pg_stat_statements", "pg_stat_statements.track_utility", "on");

  static HttpRequest placeOrder(String base, Tenant tenant, String[] call, String invocation) {
    return HttpRequest.newBuilder(URI.create(base + "/api/v1/tools/place_order"))
        .header("Host", tenant.host()).header("X-Call-Token", call[0])
        .header("X-Invocation-Id", invocation)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"callId\":\"" + call[1] + "\",\"items\":["
            + "{\"name\":\"Margherita Pizza\",\"quantity\":2},{\"name\":\"Tiramisu\",\"quantity\":1}],"
            + "\"customerName\":\"Ada\",\"customerPhone\":\"+4930" + (invocation.hashCode() & 0xffff) + "\"}"))
        .build();
  }

  /** Every order number of the business from 1 to its count, once each; or says where the gaps are. */
  static void numbersAreGapFree(EmbeddedPostgresServer postgres, Tenant tenant) throws Exception {
    try (var c = postgres.superuserConnection(); var select = c.prepareStatement("SELECT count(*), count(DISTINCT"
        + " number), max(number) FROM orders WHERE business_id = ?")) {
      select.setObject(1, tenant.businessId());
      try (var r = select.executeQuery()) {
        r.next();
        System.out.printf("one restaurant's orders: %d, distinct numbers %d, highest %d (%s)%n", r.getLong(1),
            r.getLong(2), r.getLong(3), r.getLong(1) == r.getLong(3) && r.getLong(1) == r.getLong(2)
                ? "no gaps, no repeats" : "GAPS OR REPEATS");
      }
    }
  }

  record Ceiling(String how, double tps) {}

  static String setting(EmbeddedPostgresServer postgres, String name) throws Exception {
    try (var c = postgres.superuserConnection(); var r = c.createStatement().executeQuery("SHOW " + name)) {
      r.next();
      return r.getString(1);
    }
  }

  /**
   * PostgreSQL's own ceiling for one single-row INSERT per transaction at this client count: pgbench against the
   * same server when it is installed, else the same statement over JDBC from this JVM.
   */
  static Ceiling singleRowInserts(EmbeddedPostgresServer postgres, int clients, int seconds) throws Exception {
    try (var c = postgres.superuserConnection(); var s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, v integer NOT NULL)");
    }
    Path pgbench = java.util.stream.Stream.of(System.getenv("PATH").split(":")).map(d -> Path.of(d, "pgbench"))
        .filter(Files::isExecutable).findFirst().orElse(null);
    if (pgbench != null) {
      Path script = Files.createTempFile("insert", ".sql");
      Files.writeString(script, "INSERT INTO bench_insert (v) VALUES (1);\n");
      Process process = new ProcessBuilder(pgbench.toString(), "-n", "-h", "127.0.0.1", "-p",
          String.valueOf(postgres.port()), "-U", "postgres", "-c", String.valueOf(clients), "-j",
          String.valueOf(Math.min(clients, 2)), "-T", String.valueOf(seconds), "-f", script.toString(), "voice")
          .redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor();
      java.util.regex.Matcher tps = java.util.regex.Pattern.compile("tps = ([0-9.]+) \\(without initial")
          .matcher(out);
      if (!tps.find()) {
        throw new IllegalStateException("pgbench said: " + out);
      }
      return new Ceiling("pgbench (" + pgbench + "), one single-row INSERT per transaction",
          Double.parseDouble(tps.group(1)));
    }
    AtomicInteger done = new AtomicInteger();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      threads.add(started(() -> {
        try (var c = postgres.superuserConnection();
             var insert = c.prepareStatement("INSERT INTO bench_insert (v) VALUES (1)")) {
          while (System.nanoTime() < end) {
            insert.executeUpdate();
            done.incrementAndGet();
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    return new Ceiling("JDBC from this JVM (pgbench not installed), one single-row INSERT per transaction",
        done.get() / (double) seconds);
  }

  /** Closed loop: each client sends its next request when the last has come back, for {@code millis}. */
  static Result closedLoop(Supplier<HttpRequest> request, int clients, long millis) throws Exception {
    return closedLoop(request, clients, millis, Integer.MAX_VALUE);
  }

  /** Closed loop for exactly {@code count} requests. */
  static Result closedLoopCount(Supplier<HttpRequest> request, int clients, int count) throws Exception {
    return closedLoop(request, clients, Long.MAX_VALUE / 2_000_000, count);
  }

  private static Thread started(Runnable work) {
    Thread thread = new Thread(work);
    thread.start();
    return thread;
  }

  private static Result closedLoop(Supplier<HttpRequest> request, int clients, long millis, int count)
      throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger sent = new AtomicInteger();
    long start = System.nanoTime();
    long end = start + millis * 1_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      threads.add(started(() -> {
        // One connection per client, as a load balancer or Ultravox's pool would hold.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        while (System.nanoTime() < end && sent.incrementAndGet() <= count) {
          long t = System.nanoTime();
          try {
            HttpResponse<Void> r = http.send(request.get(), HttpResponse.BodyHandlers.discarding());
            latencies.add(System.nanoTime() - t);
            if (r.statusCode() == 200) {
              ok.incrementAndGet();
            }
          } catch (Exception e) {
            latencies.add(System.nanoTime() - t);
          }
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return new Result(sorted.size(), ok.get(), ok.get() / elapsed, sorted.get(sorted.size() / 2) / 1e6,
        sorted.get((int) (sorted.size() * 0.99)) / 1e6);
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
