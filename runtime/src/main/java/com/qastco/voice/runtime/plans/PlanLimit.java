package com.qastco.voice.runtime.plans;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

/**
 * One plan's included voice sessions per month (null: unlimited), concurrent calls, API requests per minute (for
 * the whole Business, and for any one of its keys), its monthly fee and the price of a session past the included
 * ones (in the Business's currency; Stripe's prices are made with the same amounts).
 */
@EachProperty("voice.plans")
public class PlanLimit {
  private final String name;
  private Integer includedSessions;
  private int concurrentCalls = 1;
  private int requestsPerMinute = 600;
  private int requestsPerMinutePerKey = 300;
  private java.math.BigDecimal monthlyFee = java.math.BigDecimal.ZERO;
  private java.math.BigDecimal overagePrice = java.math.BigDecimal.ZERO;

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

  public java.math.BigDecimal getMonthlyFee() {
    return monthlyFee;
  }

  public void setMonthlyFee(java.math.BigDecimal monthlyFee) {
    this.monthlyFee = monthlyFee;
  }

  public java.math.BigDecimal getOveragePrice() {
    return overagePrice;
  }

  public void setOveragePrice(java.math.BigDecimal overagePrice) {
    this.overagePrice = overagePrice;
  }
}
