package com.qastco.voice.operator.external;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.integrations.fakes.FrappeFake;
import org.junit.jupiter.api.Test;

/** What the operator sends the voice_agent_saas app is what the app's generated contract says it takes. */
class ErpnextContractTest {
  @Test
  void theRegistrationCarriesExactlyParametersTheAppTakes() {
    var arguments = ErpnextPart.registration(new ErpnextPart.Desired("b-1", "Mario's", "restaurant", "mario",
        "starter", "USD", "United States", true, "2026-12-01"), "Mario's");

    assertThat(FrappeFake.contractParameters(ErpnextPart.UPSERT, false)).containsAll(arguments.keySet());
    assertThat(arguments.keySet()).containsAll(FrappeFake.contractParameters(ErpnextPart.UPSERT, true));
    assertThat(FrappeFake.contractParameters(ErpnextPart.DEACTIVATE, true)).containsExactly("business_id");
  }
}
