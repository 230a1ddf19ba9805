package com.qastco.voice.operator.external;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.IntegrationsStatus;
import com.qastco.voice.api.v1alpha1.IntegrationsStatus.UltravoxStatus;
import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.integrations.agent.CallTemplate;
import com.qastco.voice.integrations.ultravox.UltravoxApi;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Business's Ultravox agent: its system prompt, voice and the tools of its type, pointing at the runtime on
 * the Business's host, with the per-call token as a template variable the runtime fills for each call. The agent
 * is named after the business id, so one lost from the status is found again. The platform's webhook for call
 * events is ensured once for all tenants (again whenever the settings change).
 */
public final class UltravoxPart implements ExternalPart<UltravoxPart.Desired, UltravoxStatus> {
  static final String URL = "ultravox-url";
  static final String KEY = "ultravox-api-key";
  static final String WEBHOOK_SECRET = "ultravox-webhook-secret";
  static final String TIMEOUT = "ultravox-timeout";
  static final List<String> EVENTS = List.of("call.started", "call.joined", "call.ended", "call.billed");
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);
  private final PlatformSecret platform;
  private final String webhookUrl;
  private PlatformSecret.Settings webhookEnsuredFor;

  /** {@code webhookUrl}: where the runtime receives call events, on the platform host. */
  public UltravoxPart(PlatformSecret platform, String webhookUrl) {
    this.platform = platform;
    this.webhookUrl = webhookUrl;
  }

  public record Desired(String agentName, Map<String, Object> callTemplate) {}

  @Override
  public String system() {
    return "Ultravox";
  }

  @Override
  public String condition() {
    return "UltravoxReady";
  }

  @Override
  public Optional<Off> off(Business business) {
    return Off.check(business, "ultravox", platform, "The platform has no Ultravox", KEY, WEBHOOK_SECRET);
  }

  @Override
  public Desired desired(Business business, Inputs inputs) {
    return new Desired(agentName(inputs.businessId()), inputs.tenantUrl() == null ? null
        : CallTemplate.forAgent(business.getSpec(), inputs.tenantUrl(), JOIN_TIMEOUT));
  }

  @Override
  public Provisioned<UltravoxStatus> provision(Business business, Desired desired, UltravoxStatus previous) {
    if (desired.callTemplate() == null) {
      throw new ExternalSystemException(system(), ExternalSystemException.Kind.REJECTED,
          "No agent yet: the Business has no host for its tools to call (see SubdomainClaimed)", null, null);
    }
    UltravoxApi api = api();
    ensureWebhook(api);
    Optional<UltravoxApi.Agent> existing = Optional.ofNullable(previous).map(UltravoxStatus::agentId)
        .flatMap(api::getAgent)
        .or(() -> api.findAgent(desired.agentName()));
    UltravoxApi.Agent agent = existing
        .map(a -> api.updateAgent(a.agentId(), desired.agentName(), desired.callTemplate()))
        .orElseGet(() -> api.createAgent(desired.agentName(), desired.callTemplate()));
    return new Provisioned<>(new UltravoxStatus(agent.agentId(), agent.name()), "Agent " + agent.name() + " ("
        + agent.agentId() + ") with " + ((List<?>) desired.callTemplate().get("selectedTools")).size() + " tools");
  }

  @Override
  public String remove(Business business, UltravoxStatus previous) {
    if (platform.current().get(KEY).isEmpty()) {
      return "Ultravox is not configured; nothing to remove";
    }
    UltravoxApi api = api();
    String businessId = business.getStatus() == null ? null : business.getStatus().businessId();
    Optional<String> agentId = Optional.ofNullable(previous).map(UltravoxStatus::agentId)
        .or(() -> businessId == null ? Optional.empty()
            : api.findAgent(agentName(businessId)).map(UltravoxApi.Agent::agentId));
    agentId.ifPresent(api::deleteAgent);
    return agentId.map(id -> "Deleted agent " + id).orElse("No agent to delete");
  }

  /** The webhook for call events: one for the platform, created or corrected when the settings change. */
  private synchronized void ensureWebhook(UltravoxApi api) {
    PlatformSecret.Settings settings = platform.current();
    if (settings.equals(webhookEnsuredFor)) {
      return;
    }
    List<String> secrets = List.of(settings.get(WEBHOOK_SECRET).orElseThrow());
    Optional<UltravoxApi.Webhook> ours = api.webhooks().stream().filter(w -> webhookUrl.equals(w.url()))
        .findFirst();
    if (ours.isPresent()) {
      api.updateWebhook(ours.get().webhookId(), webhookUrl, EVENTS, secrets);
    } else {
      api.createWebhook(webhookUrl, EVENTS, secrets);
    }
    webhookEnsuredFor = settings;
  }

  static String agentName(String businessId) {
    return "voice-" + businessId;
  }

  private UltravoxApi api() {
    PlatformSecret.Settings s = platform.current();
    return new UltravoxApi(s.get(URL).orElse("https://api.ultravox.ai/api"), s.get(KEY).orElseThrow(),
        Duration.parse(s.get(TIMEOUT).orElse("PT30S")));
  }

  @Override
  public UltravoxStatus idsIn(IntegrationsStatus status) {
    return status.ultravox();
  }

  @Override
  public IntegrationsStatus withIds(IntegrationsStatus status, UltravoxStatus ids) {
    return status.withUltravox(ids);
  }
}
