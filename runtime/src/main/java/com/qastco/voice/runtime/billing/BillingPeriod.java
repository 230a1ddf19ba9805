package com.qastco.voice.runtime.billing;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A billing period, [start, end). It is the Stripe subscription's current period; past its end (the renewal's
 * webhook not in yet) the periods that follow it month by month, before it those before; without a subscription,
 * the UTC calendar month.
 */
public record BillingPeriod(Instant start, Instant end) {

  public static BillingPeriod containing(Optional<BillingStates.State> state, Instant at) {
    if (state.isPresent() && state.get().periodStart() != null && state.get().periodEnd() != null) {
      Instant start = state.get().periodStart();
      Instant end = state.get().periodEnd();
      ZonedDateTime after = end.atZone(ZoneOffset.UTC);
      for (int months = 1; !at.isBefore(end); months++) {
        start = end;
        end = after.plusMonths(months).toInstant();
      }
      ZonedDateTime before = start.atZone(ZoneOffset.UTC);
      for (int months = 1; at.isBefore(start); months++) {
        end = start;
        start = before.minusMonths(months).toInstant();
      }
      return new BillingPeriod(start, end);
    }
    YearMonth month = YearMonth.from(at.atOffset(ZoneOffset.UTC));
    return new BillingPeriod(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
        month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** The period's name in keys: its start in epoch seconds. */
  public String key() {
    return Long.toString(start.getEpochSecond());
  }
}
