package com.qastco.voice.runtime.tools;

/** An entry's text cut to what an agent can say in a breath or two: whole sentences, at most ~350 characters. */
public final class Spoken {
  public static final int LIMIT = 350;

  private Spoken() {}

  public static String excerpt(String body) {
    String text = body.replaceAll("(?m)^#+\\s*", "").replaceAll("[*_`>]", "").replaceAll("\\s+", " ").strip();
    if (text.length() <= LIMIT) {
      return text;
    }
    String head = text.substring(0, LIMIT);
    int sentence = Math.max(head.lastIndexOf(". "), Math.max(head.lastIndexOf("! "), head.lastIndexOf("? ")));
    if (sentence > LIMIT / 3) {
      return head.substring(0, sentence + 1);
    }
    int word = head.lastIndexOf(' ');
    return (word > 0 ? head.substring(0, word) : head) + "…";
  }
}
