package com.qastco.voice.operator;

import com.qastco.voice.operator.config.OperatorConfig;
import com.qastco.voice.operator.monitoring.BusinessHealthMetrics;
import com.qastco.voice.api.v1alpha1.Business;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator process: JOSDK with the Business reconciler, plus health probes and Prometheus metrics. */
public final class VoiceOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VoiceOperator.class);
  public static final String LEASE_NAME = "voice-operator-leader";

  private final Operator operator;
  private final PrometheusMeterRegistry metrics;
  private BusinessReconciler reconciler;
  private HttpServer http;

  private VoiceOperator(Operator operator, PrometheusMeterRegistry metrics) {
    this.operator = operator;
    this.metrics = metrics;
  }

  /**
   * Starts reconciling Businesses with {@code client}; the caller keeps ownership of the client.
   *
   * @param exitWhenLeaseLost end the process when another replica takes the lease, so a deposed leader never
   *                          reconciles beside the new one; an embedding process (local run, tests) says no
   */
  public static VoiceOperator start(KubernetesClient client, OperatorConfig config, Clock clock,
                                    boolean exitWhenLeaseLost) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          // No server-side apply: the tests' API server lacks it, and the tested path must be the one that runs.
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
      if (config.leaderElection()) {
        o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(LEASE_NAME,
            config.leaseNamespace().isEmpty() ? null : config.leaseNamespace(),
            // Kubernetes' own controllers use 15 s / 10 s / 2 s; the same proportions for any lease length.
            config.leaseDuration(), config.leaseDuration().multipliedBy(2).dividedBy(3),
            config.leaseDuration().dividedBy(7), identity(), null, exitWhenLeaseLost));
      }
    });
    BusinessReconciler reconciler = new BusinessReconciler(config, clock);
    operator.register(reconciler, c -> watch(c, config));
    VoiceOperator running = new VoiceOperator(operator, registry);
    running.reconciler = reconciler;
    BusinessHealthMetrics.bind(registry, reconciler::businesses, reconciler.conditionTypes());
    operator.start();
    if (config.httpPort() > 0) {
      running.serveProbesAndMetrics(config.httpPort());
    }
    LOG.info("Voice operator started: platform domain {}, namespaces {}", config.platformDomain(),
        config.namespaces().isEmpty() ? "[own namespace]" : config.namespaces());
    return running;
  }

  /** The pod name (set by the chart from the downward API) plus a random part, unique per process. */
  private static String identity() {
    String pod = System.getenv().getOrDefault("POD_NAME", System.getenv().getOrDefault("HOSTNAME", "voice-operator"));
    return pod + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  public boolean isHealthy() {
    return operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  @Override
  public void close() {
    reconciler.stopping();
    if (http != null) {
      http.stop(0);
    }
    operator.stop();
    reconciler.close();
  }

  private static void watch(ControllerConfigurationOverrider<Business> c, OperatorConfig config) {
    if (config.namespaces().contains(OperatorConfig.ALL_NAMESPACES)) {
      c.watchingAllNamespaces();
    } else if (config.namespaces().isEmpty()) {
      c.watchingOnlyCurrentNamespace();
    } else {
      c.settingNamespaces(config.namespaces());
    }
  }


  private void serveProbesAndMetrics(int port) {
    try {
      http = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot listen on port " + port + " for probes and metrics", e);
    }
    http.createContext("/healthz", ex -> respond(ex, 200, () -> "ok"));
    http.createContext("/readyz", ex -> respond(ex, isHealthy() ? 200 : 503, () -> isHealthy() ? "ok" : "not ready"));
    http.createContext("/metrics", ex -> respond(ex, 200, metrics::scrape));
    http.start();
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int code, Supplier<String> body)
      throws IOException {
    byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
