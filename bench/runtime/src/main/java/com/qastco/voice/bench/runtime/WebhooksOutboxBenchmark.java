package com.qastco.voice.bench.runtime;

import com.qastco.voice.integrations.Hmac;
import com.qastco.voice.integrations.fakes.FrappeFake;
import com.qastco.voice.embedded.EmbeddedRedisServer;
import com.qastco.voice.embedded.InMemoryKubernetes;
import com.qastco.voice.runtime.Application;
import com.qastco.voice.embedded.EmbeddedPostgresServer;
import com.qastco.voice.runtime.outbox.Outbox;
import com.qastco.voice.runtime.outbox.OutboxWorker;
import com.qastco.voice.runtime.storage.Migrations;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Three measures, each against a baseline taken in the same run:
 * <ol>
 *   <li>signed Ultravox call events per second (signature, replay window, dedupe by event id, the session update),
 *       a fifth of them repeats, against the tenant page (an in-memory lookup) at the same concurrency;</li>
 *   <li>the outbox's drain rate to an ERPNext answering every request in 50 ms, against the bound that the
 *       worker threads set (threads / 50 ms);</li>
 *   <li>one Business flooding the API while another works at a steady rate: the other's latency against its
 *       latency alone.</li>
 * </ol>
 * Run: see the README, "Benchmarks".
 */
public final class WebhooksOutboxBenchmark {
  private static final String SECRET = "bench-webhook-secret-0123456789";

  private WebhooksOutboxBenchmark() {}

  public static void main(String[] args) {
    PlaceOrderBenchmark.exitWith(WebhooksOutboxBenchmark::run);
  }

  private static void run() throws Exception {
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    int seconds = Integer.getInteger("seconds", 10);
    int concurrency = Integer.getInteger("concurrency", 16);
    int tenantCount = Integer.getInteger("tenants", 20);
    int deliveries = Integer.getInteger("deliveries", 2_000);
    int outboxThreads = Integer.getInteger("outboxThreads", 8);
    Path examples = Path.of(System.getProperty("examples", "examples"));

    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(Migrations::run, PlaceOrderBenchmark.DURABLE);
         EmbeddedRedisServer redis = EmbeddedRedisServer.start();
         InMemoryKubernetes cluster = new InMemoryKubernetes("voice");
         FrappeFake erpnext = new FrappeFake()) {
      HttpServer ultravox = PlaceOrderBenchmark.fakeUltravox();
      Map<String, Object> properties = PlaceOrderBenchmark.runtimeProperties(postgres, redis, cluster, ultravox);
      properties.put("voice.ultravox.webhook-secrets", SECRET);
      properties.put("voice.erpnext.url", erpnext.baseUrl());
      properties.put("voice.erpnext.api-key", FrappeFake.API_KEY);
      properties.put("voice.erpnext.api-secret", FrappeFake.API_SECRET);
      properties.put("voice.outbox.enabled", false); // driven below, to time the drain alone
      properties.put("voice.outbox.threads", outboxThreads);
      try (ApplicationContext runtime = ApplicationContext.builder(Application.class).properties(properties)
          .start()) {
        EmbeddedServer server = runtime.getBean(EmbeddedServer.class).start();
        String base = "http://127.0.0.1:" + server.getPort();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<PlaceOrderBenchmark.Tenant> tenants = new ArrayList<>();
        List<String[]> calls = new ArrayList<>();
        for (int i = 0; i < tenantCount; i++) {
          PlaceOrderBenchmark.Tenant tenant = PlaceOrderBenchmark.register(cluster.client(), runtime, examples,
              "shop-" + i);
          tenants.add(tenant);
          calls.add(PlaceOrderBenchmark.startSession(http, base, tenant));
          erpnext.register(tenant.businessId().toString(), "Shop " + i);
        }

        // 1. Signed webhooks against the tenant page.
        AtomicInteger n = new AtomicInteger();
        List<HttpRequest> sentEvents = java.util.Collections.synchronizedList(new ArrayList<>());
        Supplier<HttpRequest> page = () -> HttpRequest.newBuilder(URI.create(base + "/"))
            .header("Host", tenants.get(n.incrementAndGet() % tenantCount).host()).build();
        Supplier<HttpRequest> event = () -> {
          int i = n.incrementAndGet();
          if (i % 5 == 0 && !sentEvents.isEmpty()) { // a repeated delivery
            return sentEvents.get(ThreadLocalRandom.current().nextInt(sentEvents.size()));
          }
          PlaceOrderBenchmark.Tenant tenant = tenants.get(i % tenantCount);
          HttpRequest request = signed(base, tenant.businessId(), UUID.fromString(calls.get(i % tenantCount)[2]));
          sentEvents.add(request);
          return request;
        };
        saturate(http, page, concurrency, 3);
        saturate(http, event, concurrency, 3);
        Throughput pageRate = saturate(http, page, concurrency, seconds);
        Throughput eventRate = saturate(http, event, concurrency, seconds);
        System.out.printf("%d concurrent clients for %d s each%n", concurrency, seconds);
        System.out.printf("  baseline (tenant page):      %.0f req/s (%d non-2xx)%n", pageRate.perSecond(),
            pageRate.failed());
        System.out.printf("  signed call events:          %.0f req/s (%d non-2xx), a fifth of them repeats%n",
            eventRate.perSecond(), eventRate.failed());
        System.out.printf("  ratio events/baseline:       %.2f%n", eventRate.perSecond() / pageRate.perSecond());

        // 2. The outbox drained to an ERPNext answering in 50 ms.
        erpnext.answerAfter(Duration.ofMillis(50));
        TenantDatabase database = runtime.getBean(TenantDatabase.class);
        Outbox outbox = runtime.getBean(Outbox.class);
        TenantDirectory directory = runtime.getBean(TenantDirectory.class);
        for (int i = 0; i < deliveries; i++) {
          var tenant = directory.byId(tenants.get(i % tenantCount).businessId()).orElseThrow();
          UUID order = UUID.randomUUID();
          database.inTenant(tenant.businessId(), c -> {
            outbox.enqueue(c, tenant, "order.placed", order, Map.of("orderId", order.toString(), "number", 1,
                "total", "18.99", "items", List.of(Map.of("name", "Margherita Pizza", "quantity", 1))));
            return null;
          });
        }
        OutboxWorker worker = runtime.getBean(OutboxWorker.class);
        Instant started = Instant.now();
        int delivered = 0;
        while (delivered < deliveries) {
          delivered += worker.drain();
        }
        double drainSeconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        double bound = outboxThreads / 0.05;
        System.out.printf("outbox: %d deliveries to ERPNext answering in 50 ms, %d worker threads, %d Businesses%n",
            deliveries, outboxThreads, tenantCount);
        System.out.printf("  drained in %.1f s: %.0f deliveries/s; bound %d threads / 50 ms = %.0f/s; ratio %.2f%n",
            drainSeconds, deliveries / drainSeconds, outboxThreads, bound, deliveries / drainSeconds / bound);
        erpnext.answerAfter(Duration.ZERO);

        // 3. A flooding Business against a steady one.
        PlaceOrderBenchmark.Tenant steady = tenants.get(1);
        PlaceOrderBenchmark.Tenant flooder = tenants.get(2);
        Supplier<HttpRequest> steadyCatalog = () -> HttpRequest.newBuilder(URI.create(base + "/api/v1/catalog"))
            .header("Authorization", "Bearer " + steady.secretKey()).build();
        Supplier<HttpRequest> flood = () -> HttpRequest.newBuilder(URI.create(base + "/api/v1/catalog"))
            .header("Authorization", "Bearer " + flooder.secretKey()).build();
        PlaceOrderBenchmark.Result alone = PlaceOrderBenchmark.run(http, steadyCatalog, 5, seconds);
        ExecutorService flooding = Executors.newSingleThreadExecutor();
        var floodResult = flooding.submit(() -> saturate(http, flood, concurrency, seconds + 2));
        Thread.sleep(1_000);
        PlaceOrderBenchmark.Result beside = PlaceOrderBenchmark.run(http, steadyCatalog, 5, seconds);
        Throughput flooded = floodResult.get();
        flooding.shutdown();
        System.out.printf("flood: one Business at %d concurrent clients (%.0f req/s, %d answered 429), another at"
            + " 5 req/s%n", concurrency, flooded.perSecond(), flooded.failed());
        PlaceOrderBenchmark.print("steady alone", alone);
        PlaceOrderBenchmark.print("steady beside the flood", beside);
        System.out.printf("  ratios beside/alone: p50 %.1fx, p99 %.1fx; steady requests refused: %d%n",
            beside.p50() / alone.p50(), beside.p99() / alone.p99(), beside.sent() - beside.ok());
        server.stop();
      } finally {
        ultravox.stop(0);
      }
    }
  }

  record Throughput(double perSecond, int failed) {}

  /** Closed loop: {@code concurrency} clients each sending the next request as soon as the last one is answered. */
  static Throughput saturate(HttpClient http, Supplier<HttpRequest> request, int concurrency, int seconds)
      throws Exception {
    AtomicInteger done = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    ExecutorService clients = Executors.newFixedThreadPool(concurrency);
    for (int i = 0; i < concurrency; i++) {
      clients.submit(() -> {
        while (System.nanoTime() < deadline) {
          try {
            int status = http.send(request.get(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 300) {
              failed.incrementAndGet();
            }
            done.incrementAndGet();
          } catch (Exception e) {
            failed.incrementAndGet();
          }
        }
        return null;
      });
    }
    clients.shutdown();
    clients.awaitTermination(seconds + 60L, java.util.concurrent.TimeUnit.SECONDS);
    return new Throughput(done.get() / (double) seconds, failed.get());
  }

  /** A call.billed event for a fresh call id of the session, signed as Ultravox signs (body then timestamp). */
  private static HttpRequest signed(String base, UUID businessId, UUID sessionId) {
    String callId = UUID.randomUUID().toString();
    String body = "{\"event\":\"call.billed\",\"call\":{\"callId\":\"" + callId + "\",\"billedDuration\":\"42s\","
        + "\"billingStatus\":\"BILLING_STATUS_BILLED\",\"metadata\":{\"businessId\":\"" + businessId
        + "\",\"sessionId\":\"" + sessionId + "\"}}}";
    return signedEvent(base, body, Instant.now());
  }

  /** An Ultravox call event, signed as Ultravox signs (HMAC-SHA256 over the body, then the timestamp). */
  static HttpRequest signedEvent(String base, String body, Instant at) {
    String timestamp = at.toString();
    String signature = HexFormat.of().formatHex(Hmac.sha256(Hmac.utf8(SECRET), Hmac.utf8(body), Hmac.utf8(timestamp)));
    return HttpRequest.newBuilder(URI.create(base + "/api/v1/webhooks/ultravox"))
        .header("Content-Type", "application/json")
        .header("X-Ultravox-Webhook-Timestamp", timestamp)
        .header("X-Ultravox-Webhook-Signature", signature)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }
}
