package com.qastco.voice.operator.monitoring;

import com.qastco.voice.api.v1alpha1.Business;
import io.fabric8.kubernetes.api.model.Condition;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How many Businesses stand where, read from the operator's own cache at each scrape: the alerts "Businesses not
 * Ready" and "an external part failing" are built on these. One series per condition type (a fixed set, named in
 * code), never one per Business.
 */
public final class BusinessHealthMetrics {
  /** Reasons of a part that is switched off (not configured, or disabled by the Business): not a failure. */
  private static final Set<String> SWITCHED_OFF = Set.of("NotConfigured", "Disabled");
  private static final String SUSPENDED = "Suspended";

  private BusinessHealthMetrics() {}

  public static void bind(MeterRegistry registry, Supplier<List<Business>> businesses,
                          Collection<String> conditionTypes) {
    Gauge.builder("voice.businesses", () -> businesses.get().size())
        .description("Businesses known to the operator (the leader; a standby reports 0)").register(registry);
    Gauge.builder("voice.businesses.suspended", () -> businesses.get().stream()
            .filter(b -> b.getSpec() != null && b.getSpec().suspendedOrFalse()).count())
        .description("Businesses suspended by their spec").register(registry);
    for (String type : conditionTypes) {
      if (!type.equals(SUSPENDED)) {
        Gauge.builder("voice.businesses.failing", () -> failing(businesses.get(), type))
            .tag("condition", type)
            .description("Businesses whose condition is False, leaving out suspended ones and parts switched off")
            .register(registry);
      }
    }
  }

  static long failing(List<Business> businesses, String type) {
    return businesses.stream().filter(b -> b.getStatus() != null && b.getStatus().conditions() != null)
        .filter(b -> b.getStatus().conditions().stream().anyMatch(c -> type.equals(c.getType()) && failed(c)))
        .count();
  }

  private static boolean failed(Condition condition) {
    return "False".equals(condition.getStatus()) && !SUSPENDED.equals(condition.getReason())
        && !SWITCHED_OFF.contains(condition.getReason());
  }
}
