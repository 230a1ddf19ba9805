package com.qastco.voice.runtime.outbox;

import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.integrations.Json;
import com.qastco.voice.runtime.outbound.TenantHttp;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The Business's own webhook, when it set a URL: the Standard Webhooks scheme, with the entry id as
 * {@code webhook-id} for the receiver to dedupe on, sent through {@link TenantHttp} (public addresses only).
 */
@Singleton
public class WebhookDestination implements Destination {
  public static final String NAME = "webhook";
  /** The type of the event the dashboard's "send a test event" sends. */
  public static final String TEST_EVENT = "webhook.test";
  private final TenantDirectory tenants;
  private final Clock clock;
  private final TenantHttp tenantHttp;

  public WebhookDestination(TenantDirectory tenants, Clock clock, TenantHttp tenantHttp) {
    this.tenants = tenants;
    this.clock = clock;
    this.tenantHttp = tenantHttp;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean takes(Tenant tenant, String event) {
    return tenant.webhookUrl() != null && !event.startsWith(Outbox.OWNER_EVENTS);
  }

  @Override
  public void deliver(Tenant tenant, OutboxRepository.Entry entry) throws Exception {
    String url = tenant.webhookUrl();
    if (url == null) {
      throw new ExternalSystemException("webhook", ExternalSystemException.Kind.REJECTED,
          "The Business no longer has a webhook URL", null, null);
    }
    TenantHttp.Reply reply = send(tenant, url, entry.id().toString(), entry.event(), entry.createdAt(),
        Json.tree(entry.payload()));
    int status = reply.status();
    if (status < 200 || status >= 300) {
      // Every non-2xx is tried again: the receiver may be misconfigured for a while, and it dedupes on the id.
      throw new ExternalSystemException("webhook", status == 429 ? ExternalSystemException.Kind.RATE_LIMITED
          : ExternalSystemException.Kind.FAILED, "The webhook answered " + status, reply.retryAfter().orElse(null),
          null);
    }
  }

  /**
   * One {@value #TEST_EVENT} event to {@code url}, signed as every delivery is, sent now and not through the
   * outbox (the owner waits for the answer; nothing is retried or recorded). The answer, or an
   * {@link ExternalSystemException} whose message an owner may read.
   */
  public TenantHttp.Reply sendTest(Tenant tenant, String url) {
    Instant now = clock.instant();
    return send(tenant, url, "test_" + UUID.randomUUID(), TEST_EVENT, now, Map.of("message",
        "A test event from the dashboard of " + tenant.displayName() + "; nothing happened."));
  }

  private TenantHttp.Reply send(Tenant tenant, String url, String id, String event, Instant createdAt,
                                Object data) {
    String secret = tenants.credentials(tenant).map(c -> c.webhookSecret()).orElseThrow(() ->
        new ExternalSystemException("webhook", ExternalSystemException.Kind.UNREACHABLE,
            "The Business's webhook secret is not available yet", null, null));
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("id", id);
    envelope.put("type", event);
    envelope.put("timestamp", createdAt.toString());
    envelope.put("businessId", tenant.businessId().toString());
    envelope.put("data", data);
    String body = Json.write(envelope);
    long timestamp = clock.instant().getEpochSecond();
    URI target;
    try {
      target = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ExternalSystemException("webhook", ExternalSystemException.Kind.REJECTED,
          "The webhook URL is not a URL", null, null);
    }
    return tenantHttp.postJson("webhook", target, WebhookSignature.headers("voice-platform-webhooks/1", secret, id,
        timestamp, body), body);
  }
}
