package com.qastco.voice.runtime.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qastco.voice.integrations.agent.ToolDefinition;
import com.qastco.voice.integrations.agent.ToolPack;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every tool an agent can be given has its work bound to it, so no call meets a tool that does nothing. */
class ToolRegistryTest {
  private static final List<ToolHandlers> PACKS = List.of(new GeneralTools(Clock.systemUTC()),
      new RestaurantTools(null, null), new AppointmentTools(null, Clock.systemUTC(), null, null), new SupportTools(null, null),
      new com.qastco.voice.runtime.handover.HandoverTools(null, null, null, null, null, null),
      new com.qastco.voice.runtime.knowledge.KnowledgeTools());

  @Test
  void everyToolOfEveryPackHasAHandler() {
    assertThat(ToolService.registry(PACKS).keySet())
        .containsExactlyInAnyOrderElementsOf(ToolPack.all().stream().map(ToolDefinition::name).toList());
  }

  @Test
  void aToolWithoutAHandlerStopsTheStartAndIsNamed() {
    ToolHandlers withoutBooking = () -> PACKS.stream().flatMap(p -> p.handlers().stream())
        .filter(h -> !h.name().equals("book_appointment")).toList();

    assertThatThrownBy(() -> ToolService.registry(List.of(withoutBooking)))
        .isInstanceOf(IllegalStateException.class).hasMessage("Tools without a handler: book_appointment");
  }
}
