package com.qastco.voice.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The Standard Webhooks specification's published test vector (the one its reference libraries test against):
 * reproducing it is what says a receiver's own Standard Webhooks library accepts what we send.
 */
class WebhookSignatureTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long TIMESTAMP = 1614265330;
  private static final String BODY = "{\"test\": 2432232314}";

  @Test
  void reproducesThePublishedVector() {
    assertThat(WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY))
        .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void theSecretsPrefixIsOptionalAsInTheReferenceLibraries() {
    assertThat(WebhookSignature.sign(SECRET.substring("whsec_".length()), ID, TIMESTAMP, BODY))
        .isEqualTo(WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY));
  }
}
