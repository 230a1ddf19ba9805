package com.qastco.voice.runtime.billing;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code voice.billing.enabled} ({@code VOICE_BILLING_ENABLED}): false runs the platform without billing: no
 * ledger lines, no session limits from plans or payment state.
 */
@ConfigurationProperties("voice.billing")
public class BillingConfig {
  private boolean enabled = true;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }
}
