package com.qastco.voice.operator.conditions;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Kubernetes-style conditions: lastTransitionTime moves only when a condition's status does. */
public final class Conditions {
  private Conditions() {}

  public static List<Condition> of(List<Outcome> outcomes, List<Condition> previous, long generation, Instant now) {
    return outcomes.stream().map(o -> {
      String status = o.ok() ? "True" : "False";
      String since = find(previous, o.type())
          .filter(p -> Objects.equals(p.getStatus(), status))
          .map(Condition::getLastTransitionTime)
          .orElse(now.toString());
      return new ConditionBuilder()
          .withType(o.type())
          .withStatus(status)
          .withReason(o.reason())
          .withMessage(o.message())
          .withObservedGeneration(generation)
          .withLastTransitionTime(since)
          .build();
    }).toList();
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
