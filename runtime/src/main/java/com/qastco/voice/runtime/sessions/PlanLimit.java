package com.qastco.voice.runtime.sessions;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

/** One plan's included voice sessions per month (null: unlimited) and concurrent calls. */
@EachProperty("voice.plans")
public class PlanLimit {
  private final String name;
  private Integer includedSessions;
  private int concurrentCalls = 1;

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
}
