package com.qastco.voice.runtime.outbox;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** How the outbox is worked off: every number here is configuration. */
@ConfigurationProperties("voice.outbox")
public class OutboxConfig {
  private boolean enabled = true;
  private int maxAttempts = 12;
  private Duration firstRetry = Duration.ofSeconds(5);
  private Duration maxRetry = Duration.ofHours(1);
  private int batch = 20;
  private Duration lease = Duration.ofMinutes(2);
  private int threads = 4;
  private int webhookThreads = 0;
  private Duration turnBudget = Duration.ofSeconds(2);

  /** Off, this replica delivers nothing (rows still get written, and other replicas deliver them). */
  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Attempts before a delivery becomes a dead letter. */
  public int getMaxAttempts() {
    return maxAttempts;
  }

  public void setMaxAttempts(int maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  public Duration getFirstRetry() {
    return firstRetry;
  }

  public void setFirstRetry(Duration firstRetry) {
    this.firstRetry = firstRetry;
  }

  public Duration getMaxRetry() {
    return maxRetry;
  }

  public void setMaxRetry(Duration maxRetry) {
    this.maxRetry = maxRetry;
  }

  /** Deliveries one worker takes from one Business at a time. */
  public int getBatch() {
    return batch;
  }

  public void setBatch(int batch) {
    this.batch = batch;
  }

  /** How long a claimed delivery is held by its worker before another may take it (a worker that died). */
  public Duration getLease() {
    return lease;
  }

  public void setLease(Duration lease) {
    this.lease = lease;
  }

  /** Businesses worked on at once by this replica. */
  public int getThreads() {
    return threads;
  }

  public void setThreads(int threads) {
    this.threads = threads;
  }

  /**
   * Deliveries to Businesses' own webhooks in flight at once (0: half the threads, at least one). Their receivers
   * are anybody's servers; however many are slow, the other threads go on delivering to ERPNext and Stripe.
   */
  public int getWebhookThreads() {
    return webhookThreads > 0 ? webhookThreads : Math.max(1, threads / 2);
  }

  public void setWebhookThreads(int webhookThreads) {
    this.webhookThreads = webhookThreads;
  }

  /** How long one Business may keep a thread in one turn before the others get theirs. */
  public Duration getTurnBudget() {
    return turnBudget;
  }

  public void setTurnBudget(Duration turnBudget) {
    this.turnBudget = turnBudget;
  }
}
