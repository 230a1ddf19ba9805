package com.qastco.voice.runtime.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Against a request Twilio really signed: the vector Twilio publishes with its own helper library's tests
 * (twilio-ruby, {@code spec/util/request_validator_spec.rb}, "a Twilio SMS request"), not our own signer.
 */
class TwilioSignatureTest {
  private static final String TOKEN = "2bd9e9638872de601313dc77410d3b23";
  private static final String URL = "http://twiliotests.heroku.com/validate/sms";
  private static final String SIGNATURE = "mxeiv65lEe0b8L6LdVw2jgJi8yw=";

  private static Map<String, List<String>> params() {
    Map<String, String> sent = Map.ofEntries(Map.entry("ToState", "CA"), Map.entry("FromState", "CA"),
        Map.entry("AccountSid", "ACba8bc05eacf94afdae398e642c9cc32d"),
        Map.entry("SmsMessageSid", "SM2003cbd5e6a3701999aa3e5f20ff2787"), Map.entry("Body", "Orly"),
        Map.entry("From", "+14159354345"), Map.entry("FromCity", "SAN FRANCISCO"), Map.entry("SmsStatus", "received"),
        Map.entry("FromZip", "94107"), Map.entry("FromCountry", "US"), Map.entry("To", "+14158141819"),
        Map.entry("ToCity", "SAN FRANCISCO"), Map.entry("ToZip", "94105"), Map.entry("ToCountry", "US"),
        Map.entry("ApiVersion", "2010-04-01"), Map.entry("SmsSid", "SM2003cbd5e6a3701999aa3e5f20ff2787"));
    Map<String, List<String>> params = new HashMap<>();
    sent.forEach((k, v) -> params.put(k, List.of(v)));
    return params;
  }

  @Test
  void acceptsWhatTwilioSigned() {
    assertThat(TwilioSignature.valid(TOKEN, URL, params(), SIGNATURE)).isTrue();
  }

  @Test
  void refusesAChangedParameterAnotherTokenOrAnotherUrl() {
    Map<String, List<String>> changed = params();
    changed.put("From", List.of("+14155550000"));

    assertThat(TwilioSignature.valid(TOKEN, URL, changed, SIGNATURE)).isFalse();
    assertThat(TwilioSignature.valid("0" + TOKEN.substring(1), URL, params(), SIGNATURE)).isFalse();
    assertThat(TwilioSignature.valid(TOKEN, URL.replace("sms", "voice"), params(), SIGNATURE)).isFalse();
    assertThat(TwilioSignature.valid(TOKEN, URL, params(), "")).isFalse();
  }
}
