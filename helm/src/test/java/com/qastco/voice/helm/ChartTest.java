package com.qastco.voice.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The chart rendered by Helm itself (helm-java), and the objects it makes checked one by one. */
class ChartTest {
  private static final Path CHART = Path.of("voice-platform");
  private static final Path DEV = CHART.resolve("values-dev.yaml");
  private static final Path PRODUCTION = Path.of("src/test/resources/values-production.yaml");
  private static final ObjectMapper YAML = new YAMLMapper();

  private static List<JsonNode> render(UnaryOperator<TemplateCommand> options) {
    String rendered = options.apply(new Helm(CHART).template().withName("voice").withNamespace("voice")
        .withKubeVersion("1.31.0")).call();
    try {
      List<JsonNode> objects = new ArrayList<>();
      try (var parser = new YAMLFactory().createParser(rendered)) {
        YAML.readValues(parser, JsonNode.class).forEachRemaining(node -> {
          if (node != null && node.has("kind")) {
            objects.add(node);
          }
        });
      }
      return objects;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode one(List<JsonNode> objects, String kind, String name) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)
        && o.path("metadata").path("name").asText().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  private static List<JsonNode> kind(List<JsonNode> objects, String kind) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
  }

  private static List<JsonNode> containers(List<JsonNode> objects) {
    return objects.stream().filter(o -> List.of("Deployment", "StatefulSet").contains(o.path("kind").asText()))
        .flatMap(o -> StreamSupport.stream(o.path("spec").path("template").path("spec").path("containers")
            .spliterator(), false)).toList();
  }

  private static Map<String, JsonNode> env(JsonNode container) {
    Map<String, JsonNode> env = new java.util.LinkedHashMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
    return env;
  }

  @Test
  void lintsStrictly() {
    LintResult lint = new Helm(CHART).lint().strict().call();

    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void theChartsCrdIsTheGeneratedOne() throws IOException {
    assertThat(Files.readString(CHART.resolve("crds/businesses.voice.qastco.com-v1.yml")))
        .as("helm/voice-platform/crds/ must be a copy of crds/businesses.voice.qastco.com-v1.yml")
        .isEqualTo(Files.readString(Path.of("../crds/businesses.voice.qastco.com-v1.yml")));
  }

  @Test
  void everyContainerRunsLockedDownInEveryValuesSet() {
    for (List<JsonNode> objects : List.of(render(t -> t), render(t -> t.withValuesFile(DEV)),
        render(t -> t.withValuesFile(PRODUCTION)))) {
      assertThat(containers(objects)).isNotEmpty().allSatisfy(c -> {
        JsonNode security = c.path("securityContext");
        assertThat(security.path("runAsNonRoot").asBoolean()).as(c.path("name").asText()).isTrue();
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(security.path("capabilities").path("drop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(security.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
      });
      objects.stream().filter(o -> List.of("Deployment", "StatefulSet").contains(o.path("kind").asText()))
          .forEach(o -> assertThat(o.path("spec").path("template").path("spec").path("securityContext")
              .path("runAsNonRoot").asBoolean()).isTrue());
    }
  }

  private static List<String> rules(JsonNode role) {
    List<String> rules = new ArrayList<>();
    role.path("rules").forEach(r -> rules.add(r.path("apiGroups").get(0).asText() + " "
        + join(r.path("resources")) + (r.has("resourceNames") ? " [" + join(r.path("resourceNames")) + "]" : "")
        + ": " + join(r.path("verbs"))));
    return rules;
  }

  private static String join(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return String.join(",", values);
  }

  @Test
  void rbacIsExactlyWhatEachPartNeeds() {
    List<JsonNode> objects = render(t -> t);

    assertThat(rules(one(objects, "Role", "voice-voice-platform-operator"))).containsExactly(
        "voice.qastco.com businesses: get,list,watch,patch,update",
        "voice.qastco.com businesses/status: get,patch,update",
        "voice.qastco.com businesses/finalizers: update",
        " secrets: get,list,watch,create,update,patch,delete",
        " configmaps [voice-phone-numbers]: get,list,watch",
        "networking.k8s.io ingresses: get,list,watch,create,update,patch,delete",
        "cert-manager.io certificates: get,list,watch,create,update,patch,delete",
        " events: create,patch",
        "coordination.k8s.io leases: get,create,update");
    assertThat(rules(one(objects, "ClusterRole", "voice-voice-voice-platform-operator"))).containsExactly(
        "apiextensions.k8s.io customresourcedefinitions [certificates.cert-manager.io]: get");
    assertThat(rules(one(objects, "Role", "voice-voice-platform-runtime"))).containsExactly(
        "voice.qastco.com businesses: get,list,watch,create,update,patch",
        " secrets: get,list,watch",
        " configmaps [voice-phone-numbers]: get,list,watch,update",
        " configmaps: create");
    assertThat(kind(objects, "ClusterRole")).hasSize(1);
    objects.stream().filter(o -> o.path("kind").asText().endsWith("Role"))
        .forEach(role -> assertThat(role.path("rules").toString()).doesNotContain("\"*\""));
    assertThat(one(objects, "RoleBinding", "voice-voice-platform-runtime").path("subjects").get(0)
        .path("name").asText()).isEqualTo("voice-voice-platform-runtime");
  }

  @Test
  void probesAndWiringPointWhereTheProgramsListen() {
    List<JsonNode> objects = render(t -> t);
    JsonNode runtime = one(objects, "Deployment", "voice-voice-platform-runtime").path("spec").path("template")
        .path("spec").path("containers").get(0);
    JsonNode operator = one(objects, "Deployment", "voice-voice-platform-operator").path("spec").path("template")
        .path("spec").path("containers").get(0);

    assertThat(runtime.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/readiness");
    assertThat(runtime.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/liveness");
    assertThat(operator.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
    Map<String, JsonNode> operatorEnv = env(operator);
    assertThat(operatorEnv.get("VOICE_RUNTIME_SERVICE").path("value").asText())
        .isEqualTo("voice-voice-platform-runtime");
    one(objects, "Service", "voice-voice-platform-runtime");
    assertThat(operatorEnv.get("VOICE_PLATFORM_DOMAIN").path("value").asText()).isEqualTo("voice.example.com");
    assertThat(operatorEnv.get("VOICE_WILDCARD_TLS_SECRET").path("value").asText())
        .isEqualTo(one(objects, "Certificate", "voice-voice-platform-wildcard").path("spec").path("secretName")
            .asText());
    assertThat(one(objects, "Certificate", "voice-voice-platform-wildcard").path("spec").path("dnsNames").toString())
        .isEqualTo("[\"voice.example.com\",\"*.voice.example.com\"]");
    JsonNode ingress = one(objects, "Ingress", "voice-voice-platform-platform");
    List<String> hosts = new ArrayList<>();
    ingress.path("spec").path("rules").forEach(r -> hosts.add(r.path("host").asText()));
    assertThat(hosts).containsExactly("voice.example.com", "api.voice.example.com", "admin.voice.example.com");
    assertThat(one(objects, "HorizontalPodAutoscaler", "voice-voice-platform-runtime").path("spec")
        .path("minReplicas").asInt()).isEqualTo(2);
    assertThat(one(objects, "PodDisruptionBudget", "voice-voice-platform-runtime").path("spec")
        .path("minAvailable").asInt()).isEqualTo(1);
    assertThat(kind(objects, "NetworkPolicy")).hasSize(2);
    assertThat(kind(objects, "ServiceMonitor")).isEmpty();
  }

  @Test
  void credentialsAreAlwaysSecretReferencesNeverValues() {
    for (List<JsonNode> objects : List.of(render(t -> t), render(t -> t.withValuesFile(DEV)),
        render(t -> t.withValuesFile(PRODUCTION)))) {
      containers(objects).forEach(c -> env(c).forEach((name, variable) -> {
        if (name.matches(".*(PASSWORD|API_KEY|API_SECRET|SECRETS|TOKEN|REDIS_URI).*")) {
          assertThat(variable.has("value")).as(name + " must come from a Secret").isFalse();
          assertThat(variable.path("valueFrom").has("secretKeyRef")).as(name).isTrue();
        }
      }));
    }
    Map<String, JsonNode> production = env(one(render(t -> t.withValuesFile(PRODUCTION)), "Deployment",
        "voice-voice-platform-runtime").path("spec").path("template").path("spec").path("containers").get(0));
    assertThat(production.get("DATABASE_APP_PASSWORD").path("valueFrom").path("secretKeyRef").path("name").asText())
        .isEqualTo("voice-db");
    assertThat(production.get("VOICE_ERPNEXT_API_SECRET").path("valueFrom").path("secretKeyRef").path("name")
        .asText()).isEqualTo("voice-erpnext");
    assertThat(production.get("VOICE_TWILIO_PUBLIC_BASE_URL").path("value").asText())
        .isEqualTo("https://api.voice.example.org");
  }

  @Test
  void productionValuesScaleAndMonitor() {
    List<JsonNode> objects = render(t -> t.withValuesFile(PRODUCTION));

    assertThat(one(objects, "Deployment", "voice-voice-platform-operator").path("spec").path("replicas").asInt())
        .isEqualTo(2);
    assertThat(one(objects, "Deployment", "voice-voice-platform-runtime").path("spec").has("replicas"))
        .as("the HPA owns the replica count").isFalse();
    assertThat(containers(objects)).extracting(c -> c.path("image").asText()).contains(
        "registry.internal.example/voice/voice-operator:1.4.2", "registry.internal.example/voice/voice-runtime:1.4.2");
    assertThat(kind(objects, "ServiceMonitor")).hasSize(2);
    JsonNode issuer = one(objects, "ClusterIssuer", "letsencrypt-dns");
    assertThat(issuer.path("spec").path("acme").path("solvers").get(0).path("dns01").path("cloudflare")
        .path("apiTokenSecretRef").path("name").asText()).isEqualTo("cloudflare-token");
    assertThat(kind(objects, "StatefulSet")).isEmpty();
  }

  @Test
  void devValuesAddTheDatabasesAndWireThem() {
    List<JsonNode> objects = render(t -> t.withValuesFile(DEV));

    assertThat(kind(objects, "StatefulSet")).extracting(o -> o.path("metadata").path("name").asText())
        .containsExactlyInAnyOrder("voice-voice-platform-postgresql", "voice-voice-platform-redis");
    Map<String, JsonNode> runtime = env(one(objects, "Deployment", "voice-voice-platform-runtime").path("spec")
        .path("template").path("spec").path("containers").get(0));
    assertThat(runtime.get("DATABASE_URL").path("value").asText())
        .isEqualTo("jdbc:postgresql://voice-voice-platform-postgresql:5432/voice");
    assertThat(runtime.get("REDIS_URI").path("valueFrom").path("secretKeyRef").path("name").asText())
        .isEqualTo("voice-voice-platform-dev");
    assertThat(kind(objects, "Certificate")).isEmpty();
    assertThat(kind(objects, "HorizontalPodAutoscaler")).isEmpty();
  }

  @Test
  void valuesThatBreakTheSchemaAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> render(t -> t.set("runtime.replicaCount", 3)))
        .hasMessageContaining("replicaCount");
    assertThatThrownBy(() -> render(t -> t.set("operator.replicas", "two")))
        .hasMessageContaining("operator").hasMessageContaining("replicas");
    assertThatThrownBy(() -> render(t -> t.set("database.password", "hunter2")))
        .hasMessageContaining("password");
    assertThatThrownBy(() -> render(t -> t.set("platform.domain", "Not A Domain")))
        .hasMessageContaining("platform").hasMessageContaining("domain");
    assertThatThrownBy(() -> render(t -> t.set("tls.clusterIssuer.create", true)))
        .hasMessageContaining("tls.clusterIssuer.email");
  }
}
