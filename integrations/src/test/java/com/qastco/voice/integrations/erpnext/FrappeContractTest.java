package com.qastco.voice.integrations.erpnext;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.qastco.voice.integrations.fakes.FrappeFake;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ERPNext fake against the contract the voice_agent_saas app generates from its own code
 * (erpnext-app/voice_agent_saas/contract.json): the fake answers only methods the app has, with the parameters
 * the app requires, so a test that passes against the fake talks to the real app the same way.
 */
class FrappeContractTest {
  private static JsonNode contract() {
    return FrappeFake.contract();
  }

  static List<String> required(JsonNode method) {
    List<String> names = new ArrayList<>();
    method.path("required").forEach(n -> names.add(n.asText()));
    return names;
  }

  @Test
  void theFakeAnswersOnlyMethodsOfTheApp() throws IOException {
    JsonNode methods = contract().path("methods");

    assertThat(FrappeFake.METHODS).allSatisfy(name -> assertThat(methods.has(name)).as(name).isTrue());
    assertThat(methods.path("voice_agent_saas.api.place_order").path("http").asText()).isEqualTo("POST");
  }

  @Test
  void theFakeRequiresWhatTheAppRequires() throws IOException {
    JsonNode methods = contract().path("methods");

    assertThat(required(methods.path("voice_agent_saas.api.upsert_business_registration")))
        .containsExactly("business_id", "company");
    assertThat(required(methods.path("voice_agent_saas.api.deactivate_business"))).containsExactly("business_id");
    for (String document : List.of("place_order", "book_appointment", "create_ticket")) {
      assertThat(required(methods.path("voice_agent_saas.api." + document))).as(document)
          .containsExactly("business_id", "external_id", "payload");
    }
    assertThat(required(methods.path("voice_agent_saas.api.cancel_appointment")))
        .containsExactly("business_id", "external_id");
    assertThat(contract().path("errors").path("PermissionError").asInt()).isEqualTo(403);
  }
}
