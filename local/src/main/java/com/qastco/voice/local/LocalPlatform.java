package com.qastco.voice.local;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessStatus;
import com.qastco.voice.embedded.EmbeddedPostgresServer;
import com.qastco.voice.operator.config.OperatorConfig;
import com.qastco.voice.operator.VoiceOperator;
import com.qastco.voice.embedded.InMemoryKubernetes;
import com.qastco.voice.api.credentials.Credentials;
import com.qastco.voice.runtime.Application;
import com.qastco.voice.runtime.catalog.CatalogCsv;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.storage.Migrations;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.embedded.EmbeddedRedisServer;
import com.qastco.voice.runtime.ultravox.UltravoxConfig;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The whole platform on a laptop: an in-memory Kubernetes API, the operator and the runtime in one JVM, and
 * the demo Businesses from {@code examples/} applied as any kubectl user would. No cluster, no accounts.
 */
public final class LocalPlatform {
  /** The example given a tool of its own, served by {@link LocalDeliveryArea}. */
  private static final String DEMO_WITH_OWN_TOOL = "mario-pizza";

  private LocalPlatform() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(System.getProperty("port", System.getenv().getOrDefault("PORT", "8080")));
    Path examples = Path.of(System.getProperty("examples", "examples"));

    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(Migrations::run);
    EmbeddedRedisServer redis = EmbeddedRedisServer.start();
    InMemoryKubernetes cluster = new InMemoryKubernetes("voice");
    KubernetesClient client = cluster.client();
    // Of the external systems only Redis is here: each demo Business gets its own ACL user in it. ERPNext, Ultravox
    // and Stripe stay off (their conditions say NotConfigured) until their settings are put in this Secret.
    client.secrets().inNamespace(client.getNamespace()).resource(new SecretBuilder().withNewMetadata()
        .withName("voice-platform-integrations").endMetadata().withStringData(Map.of("redis-url", redis.uri()))
        .build()).create();
    VoiceOperator operator = VoiceOperator.start(client, OperatorConfig.from(Map.of(
        "VOICE_PLATFORM_DOMAIN", "localhost",
        "VOICE_PUBLIC_SCHEME", "http",
        "VOICE_PUBLIC_PORT", Integer.toString(port),
        "VOICE_LEADER_ELECTION", "false",
        "VOICE_OPERATOR_HTTP_PORT", "0")), Clock.systemUTC(), false);

    // The demo restaurant's own tool, served on loopback with the Business's webhook secret checked.
    LocalDeliveryArea deliveryArea = LocalDeliveryArea.start(() -> Optional.ofNullable(client.resources(Business.class)
            .withName(DEMO_WITH_OWN_TOOL).get()).map(Business::getStatus).map(BusinessStatus::credentialsSecret)
        .map(name -> client.secrets().withName(name).get()).flatMap(Credentials::read)
        .map(Credentials::webhookSecret));

    // The runtime finds the API server the way fabric8 always does; here, through system properties.
    System.setProperty("kubernetes.master", cluster.url());
    System.setProperty("kubernetes.namespace", client.getNamespace());
    System.setProperty("kubernetes.trust.certificates", "true");
    System.setProperty("http2.disable", "true");
    Map<String, Object> properties = new HashMap<>(postgres.runtimeProperties());
    properties.put("micronaut.server.port", port);
    properties.put("voice.platform-domain", "localhost");
    properties.put("voice.redis.uri", redis.uri());
    // A Business's URLs must be public; the one exception here is the local stand-in above.
    properties.put("voice.outbound.allowed-cidrs", List.of("127.0.0.1/32"));
    // Plain http on a laptop: cookies cannot be Secure. The platform admin gets a password made for this run.
    properties.put("voice.web.secure-cookies", false);
    String adminPassword = password();
    properties.put("voice.admin.email", "admin@localhost");
    properties.put("voice.admin.password-hash", com.qastco.voice.runtime.web.Passwords.hash(adminPassword));
    // A real SMTP server on loopback, and a page to read what it received.
    LocalMailbox mailbox = LocalMailbox.start(Integer.parseInt(System.getProperty("mailPort",
        System.getenv().getOrDefault("MAIL_PORT", "8025"))));
    properties.putAll(mailbox.runtimeProperties());
    // A plain context plus its server, so that this class's shutdown hook is the only one and stops things in order.
    ApplicationContext runtime = ApplicationContext.builder(Application.class).args(args).properties(properties)
        .start();
    EmbeddedServer server = runtime.getBean(EmbeddedServer.class).start();

    List<Business> applied = applyExamples(client, examples, deliveryArea);
    List<Business> ready = awaitReady(client, applied, Duration.ofSeconds(60));
    ready.forEach(b -> loadCatalog(runtime, b, examples.resolve("catalogs").resolve(b.getMetadata().getName() + ".csv")));
    Map<String, String> ownerPasswords = new HashMap<>();
    for (Business b : ready) {
      Tenant.of(b).ifPresent(t -> {
        String owner = password();
        runtime.getBean(com.qastco.voice.runtime.dashboard.Owners.class).add(t, b.getSpec().contact().email(), owner);
        ownerPasswords.put(b.getMetadata().getName(), owner);
        // The demos' numbers, assigned as the platform admin would: a spec only asks for a number.
        var numbers = runtime.getBean(com.qastco.voice.runtime.platformadmin.NumberAssignments.class);
        Optional.ofNullable(b.getSpec().phoneNumbers()).orElse(List.of()).forEach(n -> numbers.assign(t, n));
      });
    }
    System.out.println();
    System.out.println("Voice platform running locally (in-memory Kubernetes API at " + cluster.url()
        + ", PostgreSQL at " + postgres.jdbcUrl() + ", Redis at " + redis.uri() + ")");
    for (Business b : ready) {
      System.out.printf("%n  %s  [%s]  %s%n", b.getSpec().displayName(), b.getStatus().phase(), b.getStatus().url());
      // Local only: these keys exist in this process and nowhere else.
      Credentials.read(client.secrets().withName(b.getStatus().credentialsSecret()).get()).ifPresent(c ->
          System.out.printf("    secret key %s%n    publishable key %s%n", c.secretKey(), c.publishableKey()));
      System.out.printf("    dashboard %s/admin  (sign in as %s / %s)%n", b.getStatus().url(),
          b.getSpec().contact().email(), ownerPasswords.get(b.getMetadata().getName()));
    }
    System.out.printf("%n  %s's own tool %s is served at %s: try it on its dashboard's Tools page%n",
        DEMO_WITH_OWN_TOOL, deliveryArea.tool().name(), deliveryArea.tool().url());
    System.out.printf("%n  Mail sent (sign-up confirmations, welcomes, staff e-mails):  %s%n", mailbox.url());
    System.out.printf("%n  Sign up a new business:  http://localhost:%d/signup%n", port);
    System.out.printf("  Platform admin:          http://admin.localhost:%d/platform  (admin@localhost / %s)%n", port,
        adminPassword);
    if (runtime.getBean(com.qastco.voice.runtime.web.WebConfig.class).getUltravoxSdkUrl() == null) {
      System.out.println("\nThe voice pages say calls are unavailable until VOICE_ULTRAVOX_SDK_URL names where browsers"
          + " load the ultravox-client SDK from.");
    }
    if (!runtime.getBean(UltravoxConfig.class).configured()) {
      System.out.println("\nVoice calls are off: set ULTRAVOX_API_KEY to start real calls"
          + " (until then POST /api/v1/sessions answers 503 voice provider not configured).");
    }
    System.out.println("Press Ctrl+C to stop.");

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop();
      runtime.close();
      deliveryArea.close();
      mailbox.close();
      operator.close();
      cluster.close();
      redis.close();
      postgres.close();
    }, "local-platform-shutdown"));
  }

  /** Loads a demo catalog through the same CSV reader and repository the API uses. */
  private static void loadCatalog(ApplicationContext runtime, Business business, Path csv) {
    if (!Files.exists(csv)) {
      return;
    }
    Tenant tenant = Tenant.of(business).orElseThrow();
    try (var reader = Files.newBufferedReader(csv)) {
      CatalogCsv.Parsed parsed = runtime.getBean(CatalogCsv.class).parse(reader);
      if (!parsed.problems().isEmpty()) {
        throw new IllegalStateException(csv + ": " + parsed.problems());
      }
      CatalogRepository catalog = runtime.getBean(CatalogRepository.class);
      parsed.items().forEach(item -> catalog.insert(tenant.businessId(), item));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A password for this run only, printed once. */
  private static String password() {
    byte[] bytes = new byte[12];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static List<Business> applyExamples(KubernetesClient client, Path folder, LocalDeliveryArea deliveryArea)
      throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted()
          .map(f -> client.resources(Business.class).load(new File(f.toString())).item())
          .map(b -> {
            if (b.getMetadata().getName().equals(DEMO_WITH_OWN_TOOL)) {
              b.setSpec(b.getSpec().withTools(List.of(deliveryArea.tool())));
            }
            return b;
          })
          .map(b -> client.resource(b).inNamespace(client.getNamespace()).create())
          .toList();
    }
  }

  private static List<Business> awaitReady(KubernetesClient client, List<Business> businesses, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      List<Business> current = businesses.stream()
          .map(b -> client.resources(Business.class).inNamespace(client.getNamespace())
              .withName(b.getMetadata().getName()).get())
          .toList();
      boolean settled = current.stream().allMatch(b -> b.getStatus() != null
          && b.getStatus().phase() != BusinessStatus.Phase.Provisioning);
      if (settled || Instant.now().isAfter(deadline)) {
        return current;
      }
      Thread.sleep(200);
    }
  }
}
