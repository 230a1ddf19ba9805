package com.qastco.voice.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

  @RepeatedTest(20)
  void doublesPerFailureWithinItsUpperHalf() {
    assertThat(backoff.after(1, null)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(backoff.after(4, null)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
  }

  @RepeatedTest(20)
  void neverWaitsLongerThanTheCap() {
    assertThat(backoff.after(60, null)).isBetween(Duration.ofMillis(150_000), Duration.ofMinutes(5));
  }

  @Test
  void aLongerRetryAfterWinsAndAShorterOneDoesNot() {
    assertThat(backoff.after(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.after(8, Duration.ofMillis(1))).isGreaterThan(Duration.ofMillis(1));
  }
}
