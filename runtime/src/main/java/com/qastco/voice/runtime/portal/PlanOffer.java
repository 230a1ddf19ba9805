package com.qastco.voice.runtime.portal;

import com.qastco.voice.api.v1alpha1.Plan;
import com.qastco.voice.runtime.plans.PlanLimit;
import com.qastco.voice.runtime.plans.PlanLimits;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A plan as the landing and sign-up pages offer it, from the platform's configuration. */
public record PlanOffer(String id, String name, String fee, String sessions, int concurrentCalls) {

  public static List<PlanOffer> all(PlanLimits limits) {
    return Arrays.stream(Plan.values()).map(plan -> {
      PlanLimit limit = limits.of(plan);
      String id = plan.name().toLowerCase(Locale.ROOT);
      return new PlanOffer(id, Character.toUpperCase(id.charAt(0)) + id.substring(1),
          "$" + limit.getMonthlyFee().stripTrailingZeros().toPlainString(),
          limit.getIncludedSessions() == null ? "unlimited voice sessions"
              : limit.getIncludedSessions() + " voice sessions", limit.getConcurrentCalls());
    }).toList();
  }
}
