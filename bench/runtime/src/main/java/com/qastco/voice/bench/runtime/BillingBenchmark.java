package com.qastco.voice.bench.runtime;

import com.qastco.voice.integrations.fakes.StripeFake;
import com.qastco.voice.embedded.EmbeddedRedisServer;
import com.qastco.voice.integrations.stripe.StripeBilling;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two measures, each against a baseline taken in the same run:
 * <ol>
 *   <li>a whole session cycle (start: the billing state, the period's counter and the limit check; end: Ultravox's
 *       signed call.ended, with the ledger line, its place in the period and, past the included sessions, its meter
 *       event queued), with billing on, against the same cycle with billing switched off;</li>
 *   <li>overage meter events pushed to a Stripe answering every request in 100 ms, against the bound set by the
 *       outbox threads (one request in flight per Business, as Stripe wants per customer and meter).</li>
 * </ol>
 * Run: see the README, "Benchmarks".
 */
public final class BillingBenchmark {
  private static final String SECRET = "bench-webhook-secret-0123456789";

  private BillingBenchmark() {}

  public static void main(String[] args) {
    PlaceOrderBenchmark.exitWith(BillingBenchmark::run);
  }

  private static void run() throws Exception {
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    int seconds = Integer.getInteger("seconds", 10);
    int concurrency = Integer.getInteger("concurrency", 8);
    int tenantCount = Integer.getInteger("tenants", 16);
    int events = Integer.getInteger("events", 800);
    int outboxThreads = Integer.getInteger("outboxThreads", 8);
    Path examples = Path.of(System.getProperty("examples", "examples"));

    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(Migrations::run, PlaceOrderBenchmark.DURABLE);
         EmbeddedRedisServer redis = EmbeddedRedisServer.start();
         InMemoryKubernetes cluster = new InMemoryKubernetes("voice");
         StripeFake stripe = new StripeFake().withMeter("mtr_bench", "voice_overage_session")) {
      HttpServer ultravox = PlaceOrderBenchmark.fakeUltravox();
      try {
        List<PlaceOrderBenchmark.Tenant> tenants = new ArrayList<>();
        // Off, on, off, on: whichever runs later runs warmer, so each side is the mean of an early and a late run.
        List<Cycle> offs = new ArrayList<>();
        List<Cycle> ons = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
          offs.add(cycles(postgres, redis, cluster, ultravox, stripe, false, tenants, tenantCount, examples,
              concurrency, seconds));
          ons.add(cycles(postgres, redis, cluster, ultravox, stripe, true, tenants, tenantCount, examples,
              concurrency, seconds));
        }
        Cycle off = mean(offs);
        Cycle on = mean(ons);
        System.out.printf("session cycles (start + call.ended), %d concurrent clients, %d Businesses; each side the"
            + " mean of two %d s runs (off, on, off, on)%n", concurrency, tenantCount, seconds);
        print("billing off (baseline)", off);
        print("billing on", on);
        System.out.printf("  ratios on/off: throughput %.2f, p50 %.2fx, p99 %.2fx, start p50 %.2fx, end p50 %.2fx;"
            + " sessions past the included ones (metered): %d%n", on.perSecond() / off.perSecond(),
            on.p50() / off.p50(), on.p99() / off.p99(), on.startP50() / off.startP50(), on.endP50() / off.endP50(),
            on.metered());
        meterRate(postgres, redis, cluster, ultravox, stripe, tenants, events, outboxThreads);
      } finally {
        ultravox.stop(0);
      }
    }
  }

  /** Closed-loop cycles per second, the cycle's p50 and p99, and the p50 of its start and of its end (ms). */
  record Cycle(double perSecond, double p50, double p99, double startP50, double endP50, int failed,
               long metered) {}

  private static Map<String, Object> properties(EmbeddedPostgresServer postgres, EmbeddedRedisServer redis,
                                                InMemoryKubernetes cluster, HttpServer ultravox, StripeFake stripe,
                                                boolean billed) {
    Map<String, Object> properties = PlaceOrderBenchmark.runtimeProperties(postgres, redis, cluster, ultravox);
    properties.put("voice.ultravox.webhook-secrets", SECRET);
    properties.put("voice.billing.enabled", billed);
    properties.put("voice.stripe.api-base", stripe.baseUrl());
    properties.put("voice.stripe.api-key", StripeFake.API_KEY);
    properties.put("voice.stripe.webhook-secrets", "whsec_bench0123456789");
    properties.put("voice.stripe.overage-meter", "mtr_bench");
    properties.put("voice.outbox.enabled", false); // meter events are drained in the second measure
    // Past the included sessions quickly, so most billed cycles also queue a meter event: the dearer path.
    properties.put("voice.plans.professional.included-sessions", 50);
    properties.put("voice.plans.professional.concurrent-calls", 1_000);
    properties.put("voice.plans.professional.requests-per-minute", 1_000_000);
    properties.put("voice.plans.professional.requests-per-minute-per-key", 1_000_000);
    return properties;
  }

  private static Cycle cycles(EmbeddedPostgresServer postgres, EmbeddedRedisServer redis, InMemoryKubernetes cluster,
                              HttpServer ultravox, StripeFake stripe, boolean billed,
                              List<PlaceOrderBenchmark.Tenant> tenants, int tenantCount, Path examples,
                              int concurrency, int seconds) throws Exception {
    try (ApplicationContext runtime = ApplicationContext.builder(Application.class)
        .properties(properties(postgres, redis, cluster, ultravox, stripe, billed)).start()) {
      EmbeddedServer server = runtime.getBean(EmbeddedServer.class).start();
      String base = "http://127.0.0.1:" + server.getPort();
      TenantDirectory directory = runtime.getBean(TenantDirectory.class);
      StripeBilling customers = new StripeBilling(stripe.baseUrl(), StripeFake.API_KEY, Duration.ofSeconds(5));
      if (tenants.isEmpty()) {
        for (int i = 0; i < tenantCount; i++) {
          PlaceOrderBenchmark.Tenant tenant = PlaceOrderBenchmark.register(cluster.client(), runtime, examples,
              "bill-" + i);
          String customer = customers.ensureCustomer(tenant.businessId().toString(), null, "Bill " + i,
              "owner@example.org");
          giveCustomer(cluster, "bill-" + i, customer);
          tenants.add(tenant);
        }
      }
      for (PlaceOrderBenchmark.Tenant tenant : tenants) {
        while (directory.byId(tenant.businessId()).map(t -> t.stripeCustomerId()).isEmpty()) {
          Thread.sleep(50);
        }
      }
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      closedLoop(http, base, tenants, concurrency, 5); // warm-up
      long meteredBefore = metered(runtime, tenants);
      Cycle cycle = closedLoop(http, base, tenants, concurrency, seconds);
      long metered = metered(runtime, tenants) - meteredBefore;
      server.stop();
      return new Cycle(cycle.perSecond(), cycle.p50(), cycle.p99(), cycle.startP50(), cycle.endP50(),
          cycle.failed(), metered);
    }
  }

  /** Queued meter events (all tenants), counted without touching the measured path. */
  private static long metered(ApplicationContext runtime, List<PlaceOrderBenchmark.Tenant> tenants) {
    TenantDatabase database = runtime.getBean(TenantDatabase.class);
    long total = 0;
    for (PlaceOrderBenchmark.Tenant tenant : tenants) {
      total += database.inTenant(tenant.businessId(), c -> {
        try (var r = c.createStatement().executeQuery("SELECT count(*) FROM outbox WHERE destination = 'stripe'")) {
          r.next();
          return r.getLong(1);
        }
      });
    }
    return total;
  }

  private static Cycle closedLoop(HttpClient http, String base, List<PlaceOrderBenchmark.Tenant> tenants,
                                  int concurrency, int seconds) throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    List<Long> starts = Collections.synchronizedList(new ArrayList<>());
    List<Long> ends = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger n = new AtomicInteger();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    ExecutorService clients = Executors.newFixedThreadPool(concurrency);
    for (int i = 0; i < concurrency; i++) {
      clients.submit(() -> {
        while (System.nanoTime() < deadline) {
          PlaceOrderBenchmark.Tenant tenant = tenants.get(n.incrementAndGet() % tenants.size());
          long started = System.nanoTime();
          try {
            HttpResponse<String> session = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sessions"))
                .header("Host", tenant.host()).header("Authorization", "Bearer " + tenant.secretKey())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
            if (session.statusCode() != 201) {
              failed.incrementAndGet();
              continue;
            }
            long startedSession = System.nanoTime();
            String callId = session.body().replaceAll(".*\"callId\":\"([^\"]+)\".*", "$1");
            String sessionId = session.body().replaceAll(".*\"sessionId\":\"([^\"]+)\".*", "$1");
            int ended = http.send(ended(base, tenant.businessId(), sessionId, callId),
                HttpResponse.BodyHandlers.discarding()).statusCode();
            if (ended >= 300) {
              failed.incrementAndGet();
              continue;
            }
            long done = System.nanoTime();
            latencies.add(done - started);
            starts.add(startedSession - started);
            ends.add(done - startedSession);
          } catch (Exception e) {
            failed.incrementAndGet();
          }
        }
        return null;
      });
    }
    clients.shutdown();
    clients.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return new Cycle(sorted.size() / (double) seconds, sorted.get(sorted.size() / 2) / 1e6,
        sorted.get((int) (sorted.size() * 0.99)) / 1e6, median(starts), median(ends), failed.get(), 0);
  }

  private static Cycle mean(List<Cycle> runs) {
    int n = runs.size();
    return new Cycle(runs.stream().mapToDouble(Cycle::perSecond).sum() / n,
        runs.stream().mapToDouble(Cycle::p50).sum() / n, runs.stream().mapToDouble(Cycle::p99).sum() / n,
        runs.stream().mapToDouble(Cycle::startP50).sum() / n, runs.stream().mapToDouble(Cycle::endP50).sum() / n,
        runs.stream().mapToInt(Cycle::failed).sum(), runs.stream().mapToLong(Cycle::metered).sum());
  }

  private static double median(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2) / 1e6;
  }

  /** The meter events of many Businesses' overage, drained to a Stripe answering in 100 ms. */
  private static void meterRate(EmbeddedPostgresServer postgres, EmbeddedRedisServer redis, InMemoryKubernetes cluster,
                                HttpServer ultravox, StripeFake stripe, List<PlaceOrderBenchmark.Tenant> tenants,
                                int events, int threads) throws Exception {
    Map<String, Object> properties = properties(postgres, redis, cluster, ultravox, stripe, true);
    properties.put("voice.outbox.threads", threads);
    try (ApplicationContext runtime = ApplicationContext.builder(Application.class).properties(properties)
        .start()) {
      OutboxWorker worker = runtime.getBean(OutboxWorker.class);
      while (worker.drain() > 0) {
        Thread.sleep(10); // what the first measure queued goes first, at full speed
      }
      TenantDatabase database = runtime.getBean(TenantDatabase.class);
      Outbox outbox = runtime.getBean(Outbox.class);
      TenantDirectory directory = runtime.getBean(TenantDirectory.class);
      for (int i = 0; i < events; i++) {
        var tenant = directory.byId(tenants.get(i % tenants.size()).businessId()).orElseThrow();
        UUID session = UUID.randomUUID();
        database.inTenant(tenant.businessId(), c -> {
          outbox.enqueueTo(c, tenant, "stripe", "usage.overage", session, Map.of("identifier",
              tenant.businessId() + ":" + session, "customer", tenant.stripeCustomerId(), "eventName",
              "voice_overage_session", "timestamp", Instant.now().getEpochSecond()));
          return null;
        });
      }
      stripe.answerAfter(Duration.ofMillis(100));
      int before = stripe.meterEvents().size();
      Instant started = Instant.now();
      int pushed = 0;
      while (pushed < events) {
        pushed += worker.drain();
      }
      double took = Duration.between(started, Instant.now()).toMillis() / 1000.0;
      stripe.answerAfter(Duration.ZERO);
      int counted = stripe.meterEvents().size() - before;
      double bound = Math.min(threads, tenants.size()) / 0.1;
      System.out.printf("meter events: %d over %d Businesses to a Stripe answering in 100 ms, %d outbox threads%n",
          events, tenants.size(), threads);
      System.out.printf("  pushed in %.1f s: %.0f events/s (Stripe counted %d); bound %d in flight / 100 ms ="
          + " %.0f/s; ratio %.2f%n", took, events / took, counted, Math.min(threads, tenants.size()), bound,
          events / took / bound);
    }
  }

  private static void print(String name, Cycle c) {
    System.out.printf("  %-24s %.0f cycles/s, p50 %.2f ms, p99 %.2f ms (p50 start %.2f ms, end %.2f ms), %d"
        + " failed%n", name, c.perSecond(), c.p50(), c.p99(), c.startP50(), c.endP50(), c.failed());
  }

  /** Records the Stripe customer the operator made, in the Business's status. */
  private static void giveCustomer(InMemoryKubernetes cluster, String name, String customer) {
    var client = cluster.client();
    var business = client.resources(com.qastco.voice.api.v1alpha1.Business.class).inNamespace("voice")
        .withName(name).get();
    var s = business.getStatus();
    var ids = s.integrations() == null ? com.qastco.voice.api.v1alpha1.IntegrationsStatus.NONE : s.integrations();
    business.setStatus(new com.qastco.voice.api.v1alpha1.BusinessStatus(s.observedGeneration(), s.phase(),
        s.conditions(), s.businessId(), s.subdomain(), s.url(), s.hosts(), s.credentialsSecret(), s.keys(),
        s.ingress(), s.certificates(), ids.withStripe(new com.qastco.voice.api.v1alpha1.IntegrationsStatus
        .StripeStatus(customer, null, null, "active")), s.verifiedDomains()));
    client.resource(business).inNamespace("voice").updateStatus();
  }

  /** Ultravox's call.ended for a call that was joined, signed. */
  private static HttpRequest ended(String base, UUID businessId, String sessionId, String callId) {
    Instant now = Instant.now();
    String body = "{\"event\":\"call.ended\",\"call\":{\"callId\":\"" + callId + "\",\"joined\":\""
        + now.minusSeconds(30) + "\",\"ended\":\"" + now + "\",\"endReason\":\"hangup\",\"metadata\":{"
        + "\"businessId\":\"" + businessId + "\",\"sessionId\":\"" + sessionId + "\"}}}";
    return WebhooksOutboxBenchmark.signedEvent(base, body, now);
  }
}
