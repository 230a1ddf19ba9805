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
    return objects.stream().filter(o -> List.of("Deployment", "StatefulSet", "Job").contains(o.path("kind").asText()))
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
        " configmaps [voice-phone-numbers]: get,list,watch,update",
        " configmaps: create",
        " events: create"); // no Secret of the release namespace: not the TLS key, not the integrations
    JsonNode runtimeCredentials = one(objects, "Role", "voice-voice-platform-runtime-credentials");
    assertThat(runtimeCredentials.path("metadata").path("namespace").asText()).isEqualTo("voice-credentials");
    assertThat(rules(runtimeCredentials)).containsExactly(" secrets: get,list,watch");
    assertThat(one(objects, "RoleBinding", "voice-voice-platform-runtime-credentials").path("subjects").get(0)
        .path("namespace").asText()).isEqualTo("voice");
    assertThat(rules(one(objects, "Role", "voice-voice-platform-operator-credentials")))
        .containsExactly(" secrets: get,list,watch,create,update,patch,delete");
    one(objects, "Namespace", "voice-credentials");
    // The calendars' passwords: the one place the runtime writes Secrets, a namespace holding nothing else.
    JsonNode runtimeCalendars = one(objects, "Role", "voice-voice-platform-runtime-calendars");
    assertThat(runtimeCalendars.path("metadata").path("namespace").asText()).isEqualTo("voice-calendars");
    assertThat(rules(runtimeCalendars)).containsExactly(" secrets: get,create,update,delete");
    one(objects, "Namespace", "voice-calendars");
    assertThat(env(one(objects, "Deployment", "voice-voice-platform-runtime").path("spec").path("template")
        .path("spec").path("containers").get(0)).get("VOICE_CALENDARS_CREDENTIALS_NAMESPACE").path("value")
        .asText()).isEqualTo("voice-calendars");
    for (String deployment : List.of("voice-voice-platform-runtime", "voice-voice-platform-operator")) {
      assertThat(env(one(objects, "Deployment", deployment).path("spec").path("template").path("spec")
          .path("containers").get(0)).get("VOICE_CREDENTIALS_NAMESPACE").path("value").asText())
          .as(deployment).isEqualTo("voice-credentials");
    }
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
    assertThat(runtime.path("readinessProbe").path("httpGet").path("port").asText()).isEqualTo("management");
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
    assertThat(hosts).containsExactly("voice.example.com", "api.voice.example.com", "admin.voice.example.com",
        "status.voice.example.com");
    assertThat(one(objects, "HorizontalPodAutoscaler", "voice-voice-platform-runtime").path("spec")
        .path("minReplicas").asInt()).isEqualTo(2);
    assertThat(one(objects, "PodDisruptionBudget", "voice-voice-platform-runtime").path("spec")
        .path("minAvailable").asInt()).isEqualTo(1);
    assertThat(kind(objects, "NetworkPolicy")).hasSize(5);
    assertThat(kind(objects, "ServiceMonitor")).isEmpty();
  }

  @Test
  void metricsAndProbesAreOnAPortNoIngressRoutesTo() {
    List<JsonNode> objects = render(t -> t.set("metrics.serviceMonitor.enabled", "true"));
    JsonNode ports = one(objects, "Service", "voice-voice-platform-runtime").path("spec").path("ports");

    assertThat(ports.toString()).contains("{\"name\":\"http\",\"port\":80,\"targetPort\":\"http\"}",
        "{\"name\":\"management\",\"port\":8090,\"targetPort\":\"management\"}");
    one(objects, "Ingress", "voice-voice-platform-platform").path("spec").path("rules").forEach(rule ->
        rule.path("http").path("paths").forEach(path -> assertThat(path.path("backend").path("service")
            .path("port").path("name").asText()).isEqualTo("http")));
    assertThat(one(objects, "ServiceMonitor", "voice-voice-platform-runtime").path("spec").path("endpoints").get(0)
        .path("port").asText()).isEqualTo("management");
    JsonNode ingressRules = one(objects, "NetworkPolicy", "voice-voice-platform-runtime").path("spec").path("ingress");
    assertThat(ingressRules.get(0).path("ports").get(0).path("port").asInt()).isEqualTo(8080);
    assertThat(ingressRules.get(1).path("ports").get(0).path("port").asInt()).isEqualTo(8090);
    assertThat(ingressRules.get(1).path("from").get(0).path("namespaceSelector").toString()).contains("monitoring");
  }

  @Test
  void onlyTheMigrationJobHoldsTheSchemaOwnersPassword() {
    for (List<JsonNode> objects : List.of(render(t -> t), render(t -> t.withValuesFile(DEV)),
        render(t -> t.withValuesFile(PRODUCTION)))) {
      JsonNode job = one(objects, "Job", "voice-voice-platform-migrate-1");
      JsonNode migrate = job.path("spec").path("template").path("spec").path("containers").get(0);
      assertThat(env(migrate)).containsKey("DATABASE_OWNER_PASSWORD");
      assertThat(migrate.path("command").toString()).contains("com.qastco.voice.runtime.storage.Migrations");
      assertThat(job.path("spec").path("template").path("spec").path("automountServiceAccountToken").asBoolean())
          .isFalse();
      containers(objects).stream().filter(c -> !c.path("name").asText().equals("migrate"))
          .forEach(c -> assertThat(env(c)).as(c.path("name").asText()).doesNotContainKey("DATABASE_OWNER_PASSWORD"));
    }
  }

  @Test
  void egressGoesToDnsTheDatabasesTheApiAndTheInternetButNeverInsideTheCluster() {
    JsonNode runtime = one(render(t -> t.withValuesFile(DEV)), "NetworkPolicy",
        "voice-voice-platform-runtime-egress").path("spec");
    String rules = runtime.path("egress").toString();

    assertThat(runtime.path("policyTypes").toString()).isEqualTo("[\"Egress\"]");
    assertThat(rules).contains("{\"port\":53,\"protocol\":\"UDP\"}", "\"port\":5432", "\"port\":6379",
        "\"port\":6443");
    JsonNode internet = runtime.path("egress").get(runtime.path("egress").size() - 1).path("to").get(0)
        .path("ipBlock");
    assertThat(internet.path("cidr").asText()).isEqualTo("0.0.0.0/0");
    assertThat(internet.path("except").toString()).contains("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
        "169.254.0.0/16");
    JsonNode migrate = one(render(t -> t.withValuesFile(DEV)), "NetworkPolicy",
        "voice-voice-platform-migrate-egress").path("spec").path("egress");
    assertThat(migrate.toString()).contains("\"port\":5432").doesNotContain("6379", "0.0.0.0/0");
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
    assertThat(kind(objects, "PrometheusRule")).hasSize(1);
    one(objects, "ConfigMap", "voice-voice-platform-grafana-dashboard");
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
  void mailIsOffWithoutAHostAndItsAccountComesFromASecret() {
    Map<String, JsonNode> off = env(one(render(t -> t), "Deployment", "voice-voice-platform-runtime")
        .path("spec").path("template").path("spec").path("containers").get(0));
    assertThat(off).doesNotContainKey("VOICE_MAIL_SMTP_HOST");

    Map<String, JsonNode> on = env(one(render(t -> t.set("mail.host", "smtp.example.org")
        .set("mail.from", "voice@example.org")), "Deployment", "voice-voice-platform-runtime")
        .path("spec").path("template").path("spec").path("containers").get(0));
    assertThat(on.get("VOICE_MAIL_SMTP_HOST").path("value").asText()).isEqualTo("smtp.example.org");
    assertThat(on.get("VOICE_MAIL_SMTP_PORT").path("value").asText()).isEqualTo("587");
    assertThat(on.get("VOICE_MAIL_START_TLS").path("value").asText()).isEqualTo("true");
    assertThat(on.get("VOICE_MAIL_PASSWORD").path("valueFrom").path("secretKeyRef").path("name").asText())
        .isEqualTo("voice-mail");
    assertThatThrownBy(() -> render(t -> t.set("mail.host", "smtp.example.org")))
        .hasMessageContaining("mail.from is needed");
    assertThatThrownBy(() -> render(t -> t.set("mail.port", 70000))).hasMessageContaining("port");
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

  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  private static List<JsonNode> withAlerts(UnaryOperator<TemplateCommand> more) {
    return render(t -> more.apply(t.set("metrics.serviceMonitor.enabled", "true")
        .set("metrics.prometheusRule.enabled", "true")));
  }

  private static String promtool(Path directory, String... arguments) throws Exception {
    assertThat(PROMTOOL).as("promtool (Debian's prometheus package; .ci/run installs it)").exists();
    List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    return output;
  }

  @Test
  void theAlertsAreValidRulesAndEachFiresOnWhatItWatchesAndOnlyThen() throws Exception {
    JsonNode rule = one(withAlerts(t -> t), "PrometheusRule", "voice-voice-platform");
    Path directory = Files.createTempDirectory("alerts");
    com.fasterxml.jackson.databind.node.ObjectNode groups = YAML.createObjectNode();
    groups.set("groups", rule.path("spec").path("groups"));
    Files.writeString(directory.resolve("rules.yaml"), YAML.writeValueAsString(groups));

    assertThat(promtool(directory, "check", "rules", "rules.yaml")).contains("SUCCESS: 11 rules found");
    List<JsonNode> alerts = new ArrayList<>();
    rule.path("spec").path("groups").forEach(g -> g.path("rules").forEach(alerts::add));
    assertThat(alerts).allSatisfy(a -> {
      assertThat(a.path("labels").path("severity").asText()).isIn("critical", "warning");
      assertThat(a.path("annotations").path("summary").asText()).isNotBlank();
      assertThat(a.path("annotations").path("description").asText()).isNotBlank();
    });

    // The unit tests check when each alert fires, not its wording: annotations are left out of the file they load.
    alerts.forEach(a -> ((com.fasterxml.jackson.databind.node.ObjectNode) a).remove("annotations"));
    Files.writeString(directory.resolve("rules.yaml"), YAML.writeValueAsString(groups));
    Files.copy(Path.of("src/test/resources/alerts-test.yaml"), directory.resolve("alerts-test.yaml"));
    assertThat(promtool(directory, "test", "rules", "alerts-test.yaml")).contains("SUCCESS");
  }

  @Test
  void alertsNeedTheServiceMonitorsAndTakeTheirThresholdsAndLabelsFromValues() {
    assertThatThrownBy(() -> render(t -> t.set("metrics.prometheusRule.enabled", "true")))
        .hasMessageContaining("metrics.serviceMonitor.enabled");
    JsonNode rule = one(withAlerts(t -> t.set("metrics.prometheusRule.labels.release", "kube-prometheus-stack")
        .set("metrics.prometheusRule.toolCallP99Seconds", "4")
        .set("metrics.prometheusRule.certificateSelector", "exported_namespace=\"voice\"")),
        "PrometheusRule", "voice-voice-platform");

    assertThat(rule.path("metadata").path("labels").path("release").asText()).isEqualTo("kube-prometheus-stack");
    assertThat(rule.toString()).contains("> 4", "certmanager_certificate_expiration_timestamp_seconds"
        + "{exported_namespace=\\\"voice\\\"}");
    assertThatThrownBy(() -> withAlerts(t -> t.set("metrics.prometheusRule.toolCallP99Seconds", "60")))
        .hasMessageContaining("toolCallP99Seconds");
    assertThat(kind(render(t -> t), "PrometheusRule")).isEmpty();
  }

  @Test
  void theOperatorRunsTwoReplicasOnDifferentNodesWithABudgetAndNeverTwoWithoutALease() {
    List<JsonNode> objects = render(t -> t);
    JsonNode operator = one(objects, "Deployment", "voice-voice-platform-operator").path("spec");

    assertThat(operator.path("replicas").asInt()).isEqualTo(2);
    assertThat(operator.path("template").path("spec").path("affinity").path("podAntiAffinity").toString())
        .contains("kubernetes.io/hostname", "\"app.kubernetes.io/component\":\"operator\"");
    assertThat(one(objects, "PodDisruptionBudget", "voice-voice-platform-operator").path("spec")
        .path("minAvailable").asInt()).isEqualTo(1);
    assertThat(kind(render(t -> t.withValuesFile(DEV)), "PodDisruptionBudget")).isEmpty();
    assertThatThrownBy(() -> render(t -> t.set("operator.leaderElection", "false")))
        .hasMessageContaining("operator.leaderElection");
  }

  /** Every meter the runtime and the operator register, as Prometheus names it (voice.tool.duration: voice_tool_duration). */
  private static java.util.Set<String> meterNames() throws IOException {
    java.util.Set<String> names = new java.util.HashSet<>();
    java.util.regex.Pattern meter = java.util.regex.Pattern.compile("\"(voice(\\.[a-z]+)+)\"");
    for (String module : List.of("../runtime/src/main/java", "../operator/src/main/java")) {
      try (var files = Files.walk(Path.of(module))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          meter.matcher(Files.readString(file)).results().forEach(m -> names.add(m.group(1).replace('.', '_')));
        }
      }
    }
    return names;
  }

  /** The platform's own series a PromQL text reads, without the suffixes Prometheus adds to a counter's name. */
  private static List<String> voiceSeries(String promql) {
    return java.util.regex.Pattern.compile("\\bvoice_[a-z_]+").matcher(promql).results().map(m -> m.group()
        .replaceAll("_(total|bucket|count|sum)$", "")).distinct().toList();
  }

  @Test
  void theGrafanaDashboardQueriesParseAndReadOnlySeriesThePlatformExports() throws Exception {
    JsonNode map = one(render(t -> t.set("metrics.serviceMonitor.enabled", "true")
        .set("metrics.grafanaDashboard.enabled", "true")), "ConfigMap", "voice-voice-platform-grafana-dashboard");
    assertThat(map.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
    JsonNode dashboard = new ObjectMapper().readTree(map.path("data").path("voice-platform.json").asText());
    List<String> expressions = dashboard.findValues("expr").stream().map(JsonNode::asText).toList();

    assertThat(expressions).hasSizeGreaterThan(20);
    assertThat(dashboard.toString()).contains("\"query\":\"voice-voice-platform-runtime\"",
        "\"query\":\"voice-voice-platform-operator\"").doesNotContain("__RUNTIME_JOB__", "business_id", "subdomain", "tenant");
    // promtool parses PromQL through recording rules, with Grafana's variables given values.
    com.fasterxml.jackson.databind.node.ArrayNode rules = YAML.createArrayNode();
    for (int i = 0; i < expressions.size(); i++) {
      rules.addObject().put("record", "dashboard:panel_" + i).put("expr", expressions.get(i)
          .replace("$__rate_interval", "5m").replace("$runtime_job", "runtime").replace("$operator_job", "operator"));
    }
    com.fasterxml.jackson.databind.node.ObjectNode file = YAML.createObjectNode();
    file.putArray("groups").addObject().put("name", "dashboard").set("rules", rules);
    Path directory = Files.createTempDirectory("dashboard");
    Files.writeString(directory.resolve("dashboard.yaml"), YAML.writeValueAsString(file));
    assertThat(promtool(directory, "check", "rules", "dashboard.yaml")).contains("SUCCESS");

    java.util.Set<String> exported = meterNames();
    String alerts = one(withAlerts(t -> t), "PrometheusRule", "voice-voice-platform").toString();
    assertThat(voiceSeries(String.join("\n", expressions) + alerts)).isNotEmpty()
        .allSatisfy(series -> assertThat(exported.contains(series) || exported.contains(series.replaceAll("_seconds$",
            ""))).as("a meter named " + series).isTrue()); // a timer's unit is added to its name
  }

  private static List<JsonNode> onCloudNativePg(UnaryOperator<TemplateCommand> more) {
    return render(t -> more.apply(t.set("database.cloudnativepg.enabled", "true")
        .set("database.cloudnativepg.backup.destinationPath", "s3://voice-backups/production")));
  }

  @Test
  void onCloudNativePgTheRuntimeUsesTheClustersPrimaryAsARoleWithoutBypassAndBackupsRunNightly() {
    List<JsonNode> objects = onCloudNativePg(t -> t);
    JsonNode cluster = one(objects, "Cluster", "voice-voice-platform-postgresql").path("spec");

    assertThat(cluster.path("instances").asInt()).isEqualTo(3);
    assertThat(cluster.path("affinity").path("enablePodAntiAffinity").asBoolean()).isTrue();
    assertThat(cluster.path("bootstrap").path("initdb").path("owner").asText()).isEqualTo("voice_owner");
    JsonNode role = cluster.path("managed").path("roles").get(0);
    assertThat(role.path("name").asText()).isEqualTo("voice_app");
    assertThat(role.path("superuser").asBoolean(true) || role.path("bypassrls").asBoolean(true)).isFalse();
    assertThat(cluster.path("plugins").get(0).path("isWALArchiver").asBoolean()).isTrue();
    assertThat(cluster.path("plugins").get(0).path("parameters").path("serverName").asText())
        .isEqualTo("voice-voice-platform-postgresql");
    JsonNode store = one(objects, "ObjectStore", "voice-voice-platform-backups").path("spec");
    assertThat(store.path("configuration").path("destinationPath").asText()).isEqualTo("s3://voice-backups/production");
    assertThat(store.path("configuration").path("s3Credentials").path("secretAccessKey").path("name").asText())
        .isEqualTo("voice-backup-s3");
    assertThat(store.path("retentionPolicy").asText()).isEqualTo("30d");
    JsonNode nightly = one(objects, "ScheduledBackup", "voice-voice-platform-postgresql-nightly").path("spec");
    assertThat(nightly.path("method").asText()).isEqualTo("plugin");
    assertThat(nightly.path("schedule").asText()).isEqualTo("0 0 3 * * *");

    Map<String, JsonNode> runtime = env(one(objects, "Deployment", "voice-voice-platform-runtime").path("spec")
        .path("template").path("spec").path("containers").get(0));
    assertThat(runtime.get("DATABASE_URL").path("value").asText())
        .isEqualTo("jdbc:postgresql://voice-voice-platform-postgresql-rw:5432/voice");
    assertThat(runtime.get("DATABASE_APP_PASSWORD").path("valueFrom").path("secretKeyRef").toString())
        .isEqualTo("{\"name\":\"voice-db-app\",\"key\":\"password\"}");
    Map<String, JsonNode> migrate = env(one(objects, "Job", "voice-voice-platform-migrate-1").path("spec")
        .path("template").path("spec").path("containers").get(0));
    assertThat(migrate.get("DATABASE_OWNER_PASSWORD").path("valueFrom").path("secretKeyRef").toString())
        .isEqualTo("{\"name\":\"voice-db-owner\",\"key\":\"password\"}");
    for (String policy : List.of("voice-voice-platform-runtime-egress", "voice-voice-platform-migrate-egress")) {
      assertThat(one(objects, "NetworkPolicy", policy).path("spec").path("egress").toString())
          .contains("{\"podSelector\":{\"matchLabels\":{\"cnpg.io/cluster\":\"voice-voice-platform-postgresql\"}}}");
    }
  }

  @Test
  void aRestoreMakesANewClusterFromTheOldOnesBackupsUpToAMoment() {
    JsonNode cluster = one(onCloudNativePg(t -> t.set("database.cloudnativepg.name", "voice-pg-restored")
        .set("database.cloudnativepg.recovery.enabled", "true")
        .set("database.cloudnativepg.recovery.source", "voice-voice-platform-postgresql")
        .set("database.cloudnativepg.recovery.targetTime", "2026-12-07 09:55:00+00")), "Cluster", "voice-pg-restored")
        .path("spec");

    assertThat(cluster.path("bootstrap").has("initdb")).isFalse();
    assertThat(cluster.path("bootstrap").path("recovery").path("source").asText()).isEqualTo("origin");
    assertThat(cluster.path("bootstrap").path("recovery").path("recoveryTarget").path("targetTime").asText())
        .isEqualTo("2026-12-07 09:55:00+00");
    JsonNode origin = cluster.path("externalClusters").get(0).path("plugin").path("parameters");
    assertThat(origin.path("serverName").asText()).isEqualTo("voice-voice-platform-postgresql");
    // The restored Cluster archives under its own name: the backups it came from are never written over.
    assertThat(cluster.path("plugins").get(0).path("parameters").path("serverName").asText())
        .isEqualTo("voice-pg-restored");
  }

  @Test
  void cloudNativePgRefusesWhatCannotWork() {
    assertThatThrownBy(() -> render(t -> t.set("database.cloudnativepg.enabled", "true")))
        .hasMessageContaining("database.cloudnativepg.backup.destinationPath");
    assertThatThrownBy(() -> onCloudNativePg(t -> t.set("database.cloudnativepg.recovery.enabled", "true")))
        .hasMessageContaining("database.cloudnativepg.recovery.source");
    assertThatThrownBy(() -> onCloudNativePg(t -> t.withValuesFile(DEV)))
        .hasMessageContaining("enable one");
    assertThatThrownBy(() -> onCloudNativePg(t -> t.set("database.cloudnativepg.recovery.targetTime", "yesterday")))
        .hasMessageContaining("targetTime");
    assertThatThrownBy(() -> onCloudNativePg(t -> t.set("database.cloudnativepg.backup.schedule", "0 3 * * *")))
        .hasMessageContaining("schedule");
    assertThat(kind(onCloudNativePg(t -> t.set("database.cloudnativepg.backup.enabled", "false")
        .set("database.cloudnativepg.backup.destinationPath", "")), "ScheduledBackup")).isEmpty();
  }
}
