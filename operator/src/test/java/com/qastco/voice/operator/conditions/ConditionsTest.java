package com.qastco.voice.operator.conditions;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  static final Instant T1 = Instant.parse("2026-11-25T10:00:00Z");
  static final Instant T2 = Instant.parse("2026-11-25T11:00:00Z");

  @Test
  void lastTransitionTimeStaysWhileTheStatusDoesNotChange() {
    List<Condition> first = Conditions.of(List.of(Outcome.failed("IngressReady", "Pending", "waiting")), null, 1, T1);

    List<Condition> sameStatusNewMessage = Conditions.of(
        List.of(Outcome.failed("IngressReady", "StillPending", "still waiting")), first, 2, T2);
    List<Condition> flipped = Conditions.of(List.of(Outcome.ok("IngressReady", "Routed", "routed")), first, 2, T2);

    assertThat(sameStatusNewMessage.get(0).getLastTransitionTime()).isEqualTo(T1.toString());
    assertThat(sameStatusNewMessage.get(0).getReason()).isEqualTo("StillPending");
    assertThat(sameStatusNewMessage.get(0).getObservedGeneration()).isEqualTo(2L);
    assertThat(flipped.get(0).getLastTransitionTime()).isEqualTo(T2.toString());
    assertThat(flipped.get(0).getStatus()).isEqualTo("True");
  }
}
