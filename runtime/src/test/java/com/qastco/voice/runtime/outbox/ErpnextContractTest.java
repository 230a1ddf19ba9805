package com.qastco.voice.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.integrations.fakes.FrappeFake;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every outbox event goes to a method the voice_agent_saas app has, with the arguments its contract names. */
class ErpnextContractTest {
  @Test
  void everyDeliveryCallsAnAppMethodWithItsArguments() throws Exception {
    var entry = new OutboxRepository.Entry(UUID.randomUUID(), "erpnext", null, "order.placed", UUID.randomUUID(),
        "{\"number\": 1}", "pending", 0, Instant.now(), null, Instant.now(), null);
    var arguments = ErpnextDestination.arguments(UUID.randomUUID().toString(), entry);

    assertThat(ErpnextDestination.METHODS.values()).allSatisfy(method -> {
      assertThat(FrappeFake.contract().path("methods").has(method)).as(method).isTrue();
      assertThat(FrappeFake.contractParameters(method, false)).containsAll(arguments.keySet());
      assertThat(arguments.keySet()).containsAll(FrappeFake.contractParameters(method, true));
    });
  }
}
