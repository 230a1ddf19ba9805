package com.qastco.voice.runtime.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.sessions.CallOutcome.Done;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallOutcomeTest {
  @Test
  void theMostTheCallerGotDoneIsTheOutcome() {
    Done order = new Done("place_order", "Order 7 is placed: 2 Margherita Pizza.");
    Done ticket = new Done("create_ticket", "Ticket 3 is open.");
    Done hours = new Done("business_hours", "We are open until 22:00.");

    assertThat(CallOutcome.of(List.of(hours, ticket, order), List.of(), null))
        .isEqualTo(new CallOutcome("ordered", "Ticket 3 is open. Order 7 is placed: 2 Margherita Pizza."));
    assertThat(CallOutcome.of(List.of(hours), List.of("answered"), null).outcome()).isEqualTo("transferred");
    assertThat(CallOutcome.of(List.of(), List.of("callback_requested"), null).outcome()).isEqualTo("message");
    assertThat(CallOutcome.of(List.of(hours), List.of(), null)).isEqualTo(new CallOutcome("none",
        "The caller asked questions; nothing was ordered, booked or passed on."));
  }

  @Test
  void ultravoxsSummaryIsPreferredAndAnythingLongIsCut() {
    assertThat(CallOutcome.of(List.of(), List.of(), " Caller asked about parking. ").summary())
        .isEqualTo("Caller asked about parking.");
    assertThat(CallOutcome.of(List.of(), List.of(), "x".repeat(5000)).summary()).hasSize(CallOutcome.MAX_SUMMARY);
  }
}
