package com.qastco.voice.local;

import com.qastco.voice.runtime.mail.Mailer;

/**
 * The local run's mail: printed to the console, since a laptop has no mail server. Only the local run has it; a
 * runtime without a mail server configured sends nothing and says so.
 */
final class LocalMailer implements Mailer {
  @Override
  public void send(Mail mail) {
    System.out.printf("%n--- e-mail to %s: %s%n%s---%n", mail.to(), mail.subject(), mail.text());
  }
}
