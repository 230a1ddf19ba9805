package com.qastco.voice.integrations.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.api.v1alpha1.BusinessType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link ToolPack#all()} is the list the runtime binds handlers to: it holds every pack's tools, once each. */
class ToolPackTest {
  @Test
  void allHoldsEveryToolOfEveryTypeOnce() {
    var everyType = Arrays.stream(BusinessType.values()).flatMap(t -> ToolPack.forType(t).stream()).distinct()
        .toList();

    assertThat(ToolPack.all()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(everyType);
    assertThat(ToolPack.all().stream().map(ToolDefinition::name)).doesNotHaveDuplicates();
  }
}
