package com.qastco.voice.runtime.billing;

import com.qastco.voice.integrations.stripe.StripeUsage;
import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.List;

/**
 * {@code voice.stripe.*}: the Stripe API, the webhook signing secrets (two during a rotation), the grace period of
 * an unpaid invoice, and the meter (and its event name) that counts overage sessions.
 */
@ConfigurationProperties("voice.stripe")
public class StripeConfig {
  private String apiBase;
  private String apiKey;
  private List<String> webhookSecrets = List.of();
  private Duration webhookTolerance = Duration.ofMinutes(5);
  private Duration timeout = Duration.ofSeconds(10);
  private Duration pastDueGrace = Duration.ofDays(7);
  private String overageEvent = "voice_overage_session";
  private String overageMeter;
  private volatile StripeUsage client;

  public boolean configured() {
    return apiKey != null && !apiKey.isBlank() && !webhookSecrets.isEmpty();
  }

  /** Whether overage sessions are metered to Stripe: a key and the meter their events are counted by. */
  public boolean meters() {
    return apiKey != null && !apiKey.isBlank() && overageMeter != null && !overageMeter.isBlank();
  }

  /** One client for the runtime's life (stripe-java clients are thread-safe). */
  public StripeUsage client() {
    if (client == null) {
      synchronized (this) {
        if (client == null) {
          client = new StripeUsage(apiBase, apiKey, timeout);
        }
      }
    }
    return client;
  }

  public String getApiBase() {
    return apiBase;
  }

  public void setApiBase(String apiBase) {
    this.apiBase = apiBase;
  }

  public String getApiKey() {
    return apiKey;
  }

  public void setApiKey(String apiKey) {
    this.apiKey = apiKey;
  }

  public List<String> getWebhookSecrets() {
    return webhookSecrets;
  }

  public void setWebhookSecrets(List<String> webhookSecrets) {
    this.webhookSecrets = webhookSecrets.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  public Duration getWebhookTolerance() {
    return webhookTolerance;
  }

  public void setWebhookTolerance(Duration webhookTolerance) {
    this.webhookTolerance = webhookTolerance;
  }

  public Duration getTimeout() {
    return timeout;
  }

  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  public Duration getPastDueGrace() {
    return pastDueGrace;
  }

  public void setPastDueGrace(Duration pastDueGrace) {
    this.pastDueGrace = pastDueGrace;
  }

  public String getOverageEvent() {
    return overageEvent;
  }

  public void setOverageEvent(String overageEvent) {
    this.overageEvent = overageEvent;
  }

  public String getOverageMeter() {
    return overageMeter;
  }

  public void setOverageMeter(String overageMeter) {
    this.overageMeter = overageMeter;
  }
}
