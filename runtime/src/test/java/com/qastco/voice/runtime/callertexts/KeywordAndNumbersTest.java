package com.qastco.voice.runtime.callertexts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which texts back are STOP, START or HELP, and which numbers a text may go to, without a server. */
class KeywordAndNumbersTest {

  @Test
  void twiliosOptOutWordsInAnyCaseStopAndItsOptInWordsStart() {
    for (String stop : new String[] {"STOP", "stop", " Stop. ", "unsubscribe", "Cancel", "END", "quit", "StopAll",
        "revoke", "OPTOUT"}) {
      assertThat(Keyword.of(null, stop)).as(stop).isEqualTo(Keyword.STOP);
    }
    for (String start : new String[] {"START", "yes", "Unstop"}) {
      assertThat(Keyword.of(null, start)).as(start).isEqualTo(Keyword.START);
    }
    assertThat(Keyword.of(null, "help")).isEqualTo(Keyword.HELP);
    assertThat(Keyword.of(null, "info")).isEqualTo(Keyword.HELP);
    assertThat(Keyword.of(null, "please stop the pizza")).isEqualTo(Keyword.NONE); // a sentence is no keyword
    assertThat(Keyword.of(null, null)).isEqualTo(Keyword.NONE);
  }

  @Test
  void twiliosAdvancedOptOutTypeWinsOverTheBody() {
    assertThat(Keyword.of("STOP", "arrêt")).isEqualTo(Keyword.STOP);
    assertThat(Keyword.of("START", "ok")).isEqualTo(Keyword.START);
    assertThat(Keyword.of("SOMETHING_NEW", "stop")).isEqualTo(Keyword.STOP);
  }

  @Test
  void onlyAValidMobileOfTheSendersCountryIsTexted() {
    String us = "+14155550100";
    assertThat(CallerTexts.textable("+14155550142", us)).isTrue(); // US numbers may be mobiles
    assertThat(CallerTexts.textable("+447911123456", us)).isFalse(); // abroad
    assertThat(CallerTexts.textable("+19005550123", us)).isFalse(); // premium rate
    assertThat(CallerTexts.textable("+18005550199", us)).isFalse(); // toll free
    assertThat(CallerTexts.textable("+442079460000", "+447911123400")).isFalse(); // a London landline
    assertThat(CallerTexts.textable("+447911123456", "+447911123400")).isTrue();
    assertThat(CallerTexts.textable("anonymous", us)).isFalse();
    assertThat(CallerTexts.textable(null, us)).isFalse();
  }
}
