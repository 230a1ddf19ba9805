package com.qastco.voice.runtime.handover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Whom a hand-over may ring: ordinary numbers in the country of the Business's own numbers, nothing else. */
class StaffNumbersTest {
  private static final List<String> OWN = List.of("+14155550100");

  @Test
  void ordinaryNumbersOfTheSameCountryAreRung() {
    assertThat(StaffNumbers.dialable(List.of("+14155550101", "+12125550142", "+18005550199"), OWN))
        .containsExactly("+14155550101", "+12125550142", "+18005550199");
  }

  /** The toll-fraud attack: a free tenant names a premium-rate line, or one abroad, and calls itself. */
  @Test
  void premiumRateAndForeignNumbersAreNeverRung() {
    assertThat(StaffNumbers.dialable(List.of("+19005550123", "+442079460000", "+882355000000"), OWN)).isEmpty();
    assertThat(StaffNumbers.dialable(List.of("+448712345678"), List.of("+442079460001"))).isEmpty(); // UK 0871
  }

  @Test
  void withoutNumbersOfItsOwnABusinessRingsNobody() {
    assertThat(StaffNumbers.dialable(List.of("+14155550101"), List.of())).isEmpty();
  }

  @Test
  void impossibleNumbersAreNotRung() {
    assertThat(StaffNumbers.dialable(List.of("+1415", "+10005550101"), OWN)).isEmpty();
  }

  @Test
  void aWithheldCallerCannotBeCalledBack() {
    assertThat(StaffNumbers.callable("anonymous")).isFalse();
    assertThat(StaffNumbers.callable(null)).isFalse();
    assertThat(StaffNumbers.callable("+14155550142")).isTrue();
  }
}
