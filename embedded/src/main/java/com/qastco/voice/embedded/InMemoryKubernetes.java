package com.qastco.voice.embedded;

import com.qastco.voice.api.validation.BusinessValidator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.Map;
import java.util.Queue;
import java.io.InputStream;
import java.util.HashMap;

/**
 * An in-memory Kubernetes API (fabric8's mock server in CRUD mode) with the Business CRD loaded, so that
 {@code /status} is a subresource as on a cluster. Used by the tests, the benchmark and the local run. It has no
 * schema validation, admission, server-side apply or garbage collection.
 */
public final class InMemoryKubernetes implements AutoCloseable {
  // The mock server logs every request at INFO through java.util.logging; kept here so the level sticks.
  private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  /** @param namespace the namespace the client works in, the operator's "own" namespace */
  public InMemoryKubernetes(String namespace) {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
        new KubernetesMixedDispatcher(expectations), false);
    server.init();
    // HTTP/1.1 only: the server runs on vert.x 4, whose HTTP/2 upgrade breaks beside the Netty 4.2 that the
    // runtime brings (local run); Kubernetes clients lose nothing by it here.
    client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
        .withMasterUrl(server.url("/"))
        .withNamespace(namespace)
        .withTrustCerts(true)
        .withHttp2Disable(true)
        .build()).build();
    loadCrd(BusinessValidator.CRD_RESOURCE);
    allowEverything();
  }

  /**
   * Answers JOSDK's permission check (a SelfSubjectRulesReview, made before leader election) as a cluster
   * administrator would be answered; the mock has no RBAC.
   */
  private void allowEverything() {
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewMetadata().endMetadata()
            .withNewSpec().withNamespace("default").endSpec()
            .withNewStatus().withIncomplete(false)
            .addNewResourceRule().withApiGroups("*").withResources("*").withVerbs("*").endResourceRule()
            .endStatus().build())
        .always();
  }

  /** Creates the CRD found at a classpath resource. */
  public InMemoryKubernetes loadCrd(String resource) {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("No CRD at classpath:" + resource);
      }
      CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      return this;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  public KubernetesClient client() {
    return client;
  }

  public KubernetesMockServer server() {
    return server;
  }

  public String url() {
    return client.getConfiguration().getMasterUrl();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
