package com.qastco.voice.runtime.telephony;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The few TwiML answers a call gets (connect the media stream to Ultravox, ring the staff, or say why not and hang
 * up), and the one a text gets.
 */
public final class TwiML {
  private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>";

  private TwiML() {}

  static String connect(String streamUrl) {
    return HEAD + "<Connect><Stream url=\"" + escape(streamUrl) + "\"/></Connect></Response>";
  }

  public static String sayAndHangUp(String sentence) {
    return HEAD + "<Say>" + escape(sentence) + "</Say><Hangup/></Response>";
  }

  /** The answer to a text: a reply to its sender, or (null) none. */
  public static String message(String reply) {
    return reply == null ? HEAD + "</Response>" : HEAD + "<Message>" + escape(reply) + "</Message></Response>";
  }

  public static String hangUp() {
    return HEAD + "<Hangup/></Response>";
  }

  /**
   * Says the sentence, then rings every number at once for {@code ringSeconds}; the first to answer is bridged to
   * the caller (answerOnBridge keeps the caller hearing ringing, not silence). When the dial ends, answered or not,
   * Twilio posts its outcome (DialCallStatus) to {@code actionUrl}, whose answer decides what the caller hears.
   */
  public static String dial(String sentence, List<String> numbers, int ringSeconds, String actionUrl) {
    return HEAD + "<Say>" + escape(sentence) + "</Say><Dial timeout=\"" + ringSeconds + "\" action=\""
        + escape(actionUrl) + "\" method=\"POST\" answerOnBridge=\"true\">"
        + numbers.stream().map(n -> "<Number>" + escape(n) + "</Number>").collect(Collectors.joining())
        + "</Dial></Response>";
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&apos;");
  }
}
