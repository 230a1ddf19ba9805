package com.qastco.voice.runtime;

import com.qastco.voice.api.credentials.CredentialsLocation;
import com.qastco.voice.embedded.InMemoryKubernetes;
import com.qastco.voice.embedded.EmbeddedPostgresServer;
import com.qastco.voice.integrations.fakes.FrappeFake;
import com.qastco.voice.integrations.fakes.UltravoxFake;
import com.qastco.voice.embedded.EmbeddedRedisServer;
import com.qastco.voice.runtime.storage.Migrations;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * The servers every runtime test shares, started once per test JVM: a real PostgreSQL and an in-memory
 * Kubernetes API. Test classes implement {@link TestPropertyProvider} through {@link RuntimeTest}.
 */
public final class TestEnvironment {
  public static final InMemoryKubernetes CLUSTER = new InMemoryKubernetes("voice");
  public static final EmbeddedPostgresServer POSTGRES = EmbeddedPostgresServer.start(Migrations::run);
  public static final EmbeddedRedisServer REDIS = EmbeddedRedisServer.start();
  public static final UltravoxFake ULTRAVOX = new UltravoxFake();
  public static final FrappeFake ERPNEXT = new FrappeFake();
  public static final com.qastco.voice.integrations.fakes.TwilioFake TWILIO =
      new com.qastco.voice.integrations.fakes.TwilioFake();
  /** The platform's Ultravox webhook secrets: the current one, and the one being rotated out. */
  /** Where the credentials Secrets are, as in a cluster installed by the chart: apart from everything else. */
  public static final CredentialsLocation CREDENTIALS = new CredentialsLocation("voice-credentials");
  public static final String WEBHOOK_SECRET = "whsec-current-0123456789abcdef";
  public static final String WEBHOOK_SECRET_OLD = "whsec-retiring-0123456789abcdef";

  private TestEnvironment() {}

  /** Every application context in the tests talks to the in-memory API server. */
  @Factory
  static class InMemoryCluster {
    @Singleton
    @Replaces(KubernetesClient.class)
    KubernetesClient client() {
      return CLUSTER.client();
    }
  }

  /** What browser tests add: plain-http cookies, and a free port (a browser reaches the server by its port). */
  public static Map<String, String> forBrowser(Map<String, String> base) {
    Map<String, String> properties = new java.util.HashMap<>(base);
    properties.put("voice.web.secure-cookies", "false");
    properties.put("voice.web.call-hosts", "voice.ultravox.example"); // where the Ultravox fake's calls are
    properties.put("micronaut.server.port", "-1");
    return properties;
  }

  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public interface RuntimeTest extends TestPropertyProvider {
    @Override
    default Map<String, String> getProperties() {
      Map<String, String> properties = new java.util.HashMap<>();
      POSTGRES.runtimeProperties().forEach((k, v) -> properties.put(k, v.toString()));
      properties.put("voice.redis.uri", REDIS.uri());
      properties.put("voice.ultravox.base-url", ULTRAVOX.apiUrl());
      properties.put("voice.ultravox.api-key", UltravoxFake.API_KEY);
      properties.put("voice.ultravox.timeout", "2s");
      properties.put("voice.ultravox.webhook-secrets", WEBHOOK_SECRET_OLD + "," + WEBHOOK_SECRET);
      properties.put("voice.erpnext.url", ERPNEXT.baseUrl());
      properties.put("voice.erpnext.api-key", FrappeFake.API_KEY);
      properties.put("voice.erpnext.api-secret", FrappeFake.API_SECRET);
      properties.put("voice.erpnext.timeout", "2s");
      // Tests drive the outbox themselves (OutboxWorker.drain), so nothing is delivered behind their backs.
      properties.put("voice.outbox.enabled", "false");
      // Probes and metrics: a free port of each test's own (a closing context may still hold the last one).
      properties.put("endpoints.all.port", Integer.toString(freePort()));
      properties.put("voice.credentials-namespace", CREDENTIALS.namespace());
      // Every test opens its forms from this one address; SignInLimitsTest holds the limit to its default.
      properties.put("voice.web.forms-per-client", "100000");
      return properties;
    }
  }
}
