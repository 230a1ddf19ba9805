package com.qastco.voice.runtime.sessions;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

/**
 * One plan's included voice sessions per month (null: unlimited), concurrent calls, and API requests per minute
 * (for the whole Business, and for any one of its keys).
 */
@EachProperty("voice.plans")
public class PlanLimit {
  private final String name;
  private Integer includedSessions;
  private int concurrentCalls = 1;
  private int requestsPerMinute = 600;
  private int requestsPerMinutePerKey = 300;

  public PlanLimit(@Parameter String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  @Nullable
  public Integer getIncludedSessions() {
    return includedSessions;
  }

  public void setIncludedSessions(@Nullable Integer includedSessions) {
    this.includedSessions = includedSessions;
  }

  public int getConcurrentCalls() {
    return concurrentCalls;
  }

  public void setConcurrentCalls(int concurrentCalls) {
    this.concurrentCalls = concurrentCalls;
  }

  public int getRequestsPerMinute() {
    return requestsPerMinute;
  }

  public void setRequestsPerMinute(int requestsPerMinute) {
    this.requestsPerMinute = requestsPerMinute;
  }

  public int getRequestsPerMinutePerKey() {
    return requestsPerMinutePerKey;
  }

  public void setRequestsPerMinutePerKey(int requestsPerMinutePerKey) {
    this.requestsPerMinutePerKey = requestsPerMinutePerKey;
  }
}
