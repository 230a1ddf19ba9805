package com.qastco.voice.runtime.mail;

/**
 * Sends an e-mail. There is one only when the platform can really send mail ({@code voice.mail.smtp-host}); what needs
 * e-mail (confirming a sign-up) says plainly that it is off otherwise.
 */
public interface Mailer {
  /** A plain-text message to one address. */
  record Mail(String to, String subject, String text) {}

  /** Sends it, or throws {@link MailException} saying why it could not be sent. */
  void send(Mail mail);

  final class MailException extends RuntimeException {
    public MailException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
