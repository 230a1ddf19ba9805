package com.qastco.voice.bench;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.v1alpha1.BusinessStatus;
import com.qastco.voice.operator.config.OperatorConfig;
import com.qastco.voice.operator.VoiceOperator;
import com.qastco.voice.embedded.InMemoryKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Applies N Businesses at once to the in-memory API with the operator running and reports, against a baseline
 * of N plain API writes timed in the same run: the time until all are Ready (as a ratio), the API requests the
 * operator made per Business, and the operator's heap after. Run: see the README, "Benchmarks".
 */
public final class OperatorScaleBenchmark {
  private OperatorScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(System.getProperty("businesses", "1000"));
    File example = new File(System.getProperty("example", "examples/mario-pizza.yaml"));
    try (InMemoryKubernetes cluster = new InMemoryKubernetes("bench")) {
      KubernetesClient client = cluster.client();

      writePlainObjects(client, "warmup", 200);
      long baselineNanos = writePlainObjects(client, "baseline", count);
      drain(cluster);

      VoiceOperator operator = VoiceOperator.start(client, OperatorConfig.from(Map.of(
          "VOICE_PLATFORM_DOMAIN", "voice.example.com",
          "VOICE_LEADER_ELECTION", "false",
          "VOICE_OPERATOR_HTTP_PORT", "0")), Clock.systemUTC(), false);
      Business template = client.resources(Business.class).load(example).item();
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        client.resource(tenant(template, "tenant-" + i)).inNamespace("bench").create();
      }
      long ready = awaitAllReady(client, count, Duration.ofMinutes(10));
      long readyNanos = ready - start;
      Map<String, Integer> requests = operatorRequests(cluster);
      // Steady state: nothing changes, so nothing should be written.
      int steadySeconds = Integer.getInteger("steady", 15);
      Thread.sleep(steadySeconds * 1000L);
      Map<String, Integer> steady = operatorRequests(cluster);
      System.gc();
      long heapBytes = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
      operator.close();

      int writes = requests.entrySet().stream().filter(e -> !e.getKey().equals("GET"))
          .mapToInt(Map.Entry::getValue).sum();
      System.out.printf("businesses:                        %d%n", count);
      System.out.printf("baseline, %d plain API writes:    %.2f s%n", count, baselineNanos / 1e9);
      System.out.printf("operator, all Ready:               %.2f s%n", readyNanos / 1e9);
      System.out.printf("ratio (all Ready / baseline):      %.1f%n", (double) readyNanos / baselineNanos);
      System.out.printf("operator API requests by method:   %s%n", requests);
      System.out.printf("operator API writes per Business:  %.2f%n", (double) writes / count);
      System.out.printf("JVM heap after (GC'd, whole JVM):  %d MiB%n", heapBytes / (1024 * 1024));
      System.out.printf("steady state, %d s after all Ready: %s (writes: %d)%n", steadySeconds, steady,
          steady.entrySet().stream().filter(e -> !e.getKey().equals("GET")).mapToInt(Map.Entry::getValue).sum());
    }
  }

  private static Business tenant(Business template, String name) {
    BusinessSpec s = template.getSpec();
    Business business = new Business();
    business.getMetadata().setName(name);
    business.setSpec(new BusinessSpec(s.displayName(), s.type(), s.contact(), name, null, s.plan(), s.billing(),
        s.locale(), s.hours(), s.voice(), s.phoneNumbers(), s.widget(), s.branding(), s.notifications(), s.handover(), s.tools(),
        s.integrations(), false));
    return business;
  }

  /** The baseline: the same number of plain writes (ConfigMap creates), one after another. */
  private static long writePlainObjects(KubernetesClient client, String prefix, int count) {
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      client.configMaps().inNamespace("bench").resource(new ConfigMapBuilder().withNewMetadata()
          .withName(prefix + "-" + i).endMetadata().withData(Map.of("k", "v")).build()).create();
    }
    return System.nanoTime() - start;
  }

  private static long awaitAllReady(KubernetesClient client, int count, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<Business> all = client.resources(Business.class).inNamespace("bench").list().getItems();
      long ready = all.stream().filter(b -> b.getStatus() != null
          && b.getStatus().phase() == BusinessStatus.Phase.Ready).count();
      if (ready == count) {
        return System.nanoTime();
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("Not all Businesses were Ready within " + timeout);
  }

  private static void drain(InMemoryKubernetes cluster) throws InterruptedException {
    while (cluster.server().takeRequest(10, TimeUnit.MILLISECONDS) != null) {
      // discard: the baseline's own requests
    }
  }

  /** Requests by method, leaving out the benchmark's own Business creates and status polls. */
  private static Map<String, Integer> operatorRequests(InMemoryKubernetes cluster) throws InterruptedException {
    Map<String, Integer> byMethod = new TreeMap<>();
    RecordedRequest request;
    while ((request = cluster.server().takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      String path = request.getPath();
      boolean ownCreate = request.getMethod().equals("POST") && path.endsWith("/namespaces/bench/businesses");
      boolean ownPoll = request.getMethod().equals("GET") && path.equals(
          "/apis/voice.qastco.com/v1alpha1/namespaces/bench/businesses");
      if (!ownCreate && !ownPoll) {
        byMethod.merge(request.getMethod(), 1, Integer::sum);
      }
    }
    return byMethod;
  }
}
