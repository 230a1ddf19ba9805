package com.qastco.voice.runtime.telephony;

/** The few TwiML answers a call gets: connect the media stream to Ultravox, or say why not and hang up. */
final class TwiML {
  private TwiML() {}

  static String connect(String streamUrl) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Connect><Stream url=\"" + escape(streamUrl)
        + "\"/></Connect></Response>";
  }

  static String sayAndHangUp(String sentence) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>" + escape(sentence)
        + "</Say><Hangup/></Response>";
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&apos;");
  }
}
