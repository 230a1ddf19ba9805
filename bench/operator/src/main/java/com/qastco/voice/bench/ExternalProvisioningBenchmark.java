package com.qastco.voice.bench;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.v1alpha1.BusinessStatus;
import com.qastco.voice.integrations.fakes.FrappeFake;
import com.qastco.voice.integrations.fakes.StripeFake;
import com.qastco.voice.integrations.fakes.UltravoxFake;
import com.qastco.voice.embedded.EmbeddedRedisServer;
import com.qastco.voice.operator.config.OperatorConfig;
import com.qastco.voice.operator.VoiceOperator;
import com.qastco.voice.embedded.InMemoryKubernetes;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Businesses applied at once with all four external systems on (a real Redis; fakes of ERPNext, Ultravox and
 * Stripe answering at realistic delays), in two runs:
 * <ol>
 *   <li>N Businesses whose ERPNext companies take 5–30 s each: the time until all are Ready, against the slowest
 *       single company creation (what a fully parallel operator could not beat) as the baseline;</li>
 *   <li>20 Businesses whose companies take 5 s, but one whose ERPNext answer comes after 60 s: when the other 19
 *       are Ready, against when that one is.</li>
 * </ol>
 * Run: see the README, "Benchmarks".
 */
public final class ExternalProvisioningBenchmark {
  private ExternalProvisioningBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(System.getProperty("businesses", "100"));
    String threads = System.getProperty("threads", "16");
    File example = new File(System.getProperty("example", "examples/mario-pizza.yaml"));
    Random random = new Random(42);
    Map<String, Duration> delays = new HashMap<>();
    for (int i = 0; i < count; i++) {
      delays.put(companyName("tenant", i), Duration.ofMillis(5_000 + random.nextInt(25_001)));
    }
    Duration slowest = delays.values().stream().max(Duration::compareTo).orElseThrow();
    Run first = run(example, "tenant", count, threads, name -> delays.getOrDefault(name, Duration.ZERO));
    System.out.printf("run 1: %d Businesses, ERPNext company creation 5-30 s each, %s requests at a time per"
        + " system%n", count, threads);
    System.out.printf("  baseline, slowest single company creation: %.1f s%n", slowest.toMillis() / 1e3);
    System.out.printf("  all Ready:                                 %.1f s%n", first.allReady() / 1e3);
    System.out.printf("  ratio (all Ready / baseline):              %.2f%n",
        first.allReady() / (double) slowest.toMillis());
    double bound = delays.values().stream().mapToLong(Duration::toMillis).sum() / 1e3 / Integer.parseInt(threads);
    System.out.printf("  lower bound at %s at a time (sum / %s):   %.1f s, all Ready / bound: %.2f%n", threads,
        threads, bound, first.allReady() / 1e3 / bound);
    System.out.printf("  companies created: %d (one per Business), agents: %d, Stripe objects: %d%n",
        first.companies(), first.agents(), first.stripeObjects());

    String stuck = companyName("late", 0);
    Run second = run(example, "late", 20, threads, name -> name.equals(stuck) ? Duration.ofSeconds(60)
        : Duration.ofSeconds(5));
    System.out.printf("run 2: 20 Businesses, ERPNext answers in 5 s, but after 60 s for one of them%n");
    System.out.printf("  the other 19 all Ready:                    %.1f s%n", second.othersReady() / 1e3);
    System.out.printf("  the late one Ready:                        %.1f s%n", second.firstReady() / 1e3);
  }

  private record Run(long allReady, long firstReady, long othersReady, int companies, int agents,
                     int stripeObjects) {}

  private static Run run(File example, String prefix, int count, String threads, Function<String, Duration> delay)
      throws Exception {
    try (InMemoryKubernetes cluster = new InMemoryKubernetes("bench");
         EmbeddedRedisServer redis = EmbeddedRedisServer.start();
         FrappeFake erpnext = new FrappeFake();
         UltravoxFake ultravox = new UltravoxFake();
         StripeFake stripe = new StripeFake().withPrices("price_starter", "price_pro", "price_enterprise")) {
      erpnext.companyCreationTakes(delay);
      ultravox.agentCreationTakes(Duration.ofMillis(300));
      stripe.creationsTake(Duration.ofMillis(400));
      KubernetesClient client = cluster.client();
      client.secrets().inNamespace("bench").resource(new SecretBuilder().withNewMetadata()
          .withName("voice-platform-integrations").endMetadata().withStringData(Map.ofEntries(
              Map.entry("redis-url", redis.uri()),
              Map.entry("erpnext-url", erpnext.baseUrl()), Map.entry("erpnext-api-key", FrappeFake.API_KEY),
              Map.entry("erpnext-api-secret", FrappeFake.API_SECRET),
              Map.entry("ultravox-url", ultravox.apiUrl()), Map.entry("ultravox-api-key", UltravoxFake.API_KEY),
              Map.entry("ultravox-webhook-secret", "bench-webhook-secret-0123456789"),
              Map.entry("stripe-url", stripe.baseUrl()), Map.entry("stripe-api-key", StripeFake.API_KEY),
              Map.entry("stripe-price-starter", "price_starter"), Map.entry("stripe-price-professional", "price_pro"),
              Map.entry("stripe-price-enterprise", "price_enterprise"))).build()).create();
      VoiceOperator operator = VoiceOperator.start(client, OperatorConfig.from(Map.of(
          "VOICE_PLATFORM_DOMAIN", "voice.example.com",
          "VOICE_LEADER_ELECTION", "false",
          "VOICE_OPERATOR_HTTP_PORT", "0",
          "VOICE_EXTERNAL_THREADS", threads)), Clock.systemUTC(), false);
      try {
        Business template = client.resources(Business.class).load(example).item();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
          client.resource(tenant(template, prefix, i)).inNamespace("bench").create();
        }
        long firstReady = -1;
        long othersReady = -1;
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (System.nanoTime() < deadline) {
          List<Business> all = client.resources(Business.class).inNamespace("bench").list().getItems();
          long elapsed = (System.nanoTime() - start) / 1_000_000;
          boolean firstIsReady = all.stream().anyMatch(b -> b.getMetadata().getName().equals(prefix + "-0")
              && ready(b));
          long othersReadyCount = all.stream().filter(b -> !b.getMetadata().getName().equals(prefix + "-0")
              && ready(b)).count();
          if (firstIsReady && firstReady < 0) {
            firstReady = elapsed;
          }
          if (othersReadyCount == count - 1 && othersReady < 0) {
            othersReady = elapsed;
          }
          if (firstReady >= 0 && othersReady >= 0) {
            return new Run(Math.max(firstReady, othersReady), firstReady, othersReady,
                erpnext.companyInserts(), ultravox.agents().size(), stripe.creations());
          }
          Thread.sleep(200);
        }
        throw new IllegalStateException("Not all Businesses were Ready within 15 minutes");
      } finally {
        operator.close();
      }
    }
  }

  private static boolean ready(Business b) {
    return b.getStatus() != null && b.getStatus().phase() == BusinessStatus.Phase.Ready;
  }

  private static String companyName(String prefix, int i) {
    return "Bench " + prefix + " " + i;
  }

  private static Business tenant(Business template, String prefix, int i) {
    BusinessSpec s = template.getSpec();
    Business business = new Business();
    business.getMetadata().setName(prefix + "-" + i);
    business.setSpec(new BusinessSpec(companyName(prefix, i), s.type(), s.contact(), prefix + "-" + i, null,
        s.plan(), s.billing(), s.locale(), s.hours(), s.voice(), s.phoneNumbers(), s.widget(), s.branding(),
        s.notifications(), s.handover(), s.tools(), s.integrations(), false));
    return business;
  }
}
