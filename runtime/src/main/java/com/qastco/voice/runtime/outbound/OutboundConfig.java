package com.qastco.voice.runtime.outbound;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.List;

/** {@code voice.outbound.*}: how the platform calls URLs its tenants give it. */
@ConfigurationProperties("voice.outbound")
public class OutboundConfig {
  /** Ranges refused besides the special-purpose ones: the cluster's pod and service CIDRs, say. */
  private List<String> refusedCidrs = List.of();
  /** Ranges allowed although special-purpose (a partner network reached on purpose). */
  private List<String> allowedCidrs = List.of();
  private Duration connectTimeout = Duration.ofSeconds(5);
  /** The whole request, from connecting to the last byte read: a receiver that drips its answer is cut off. */
  private Duration timeout = Duration.ofSeconds(10);
  private int maxResponseBytes = 64 * 1024;

  public List<String> getRefusedCidrs() {
    return refusedCidrs;
  }

  public void setRefusedCidrs(List<String> refusedCidrs) {
    this.refusedCidrs = refusedCidrs;
  }

  public List<String> getAllowedCidrs() {
    return allowedCidrs;
  }

  public void setAllowedCidrs(List<String> allowedCidrs) {
    this.allowedCidrs = allowedCidrs;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public Duration getTimeout() {
    return timeout;
  }

  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  public int getMaxResponseBytes() {
    return maxResponseBytes;
  }

  public void setMaxResponseBytes(int maxResponseBytes) {
    this.maxResponseBytes = maxResponseBytes;
  }
}
