package com.qastco.voice.runtime.mail;

/**
 * Sends an e-mail. There is one only when the platform can really send mail ({@code voice.mail.smtp-host}); what needs
 * e-mail (confirming a sign-up) says plainly that it is off otherwise, and nothing queues mail without one.
 */
public interface Mailer {
  /** A message to one address: its text, and the same as HTML when {@code html} is not null. */
  record Mail(String to, String subject, String text, String html) {
    public Mail(String to, String subject, String text) {
      this(to, subject, text, null);
    }
  }

  /** Sends it, or throws {@link MailException} saying why it could not be sent. */
  void send(Mail mail);

  /**
   * Why a message was not sent. {@code recipientRefused}: the server refused that address for good (a 5xx reply to
   * it), so sending again cannot help; otherwise (no connection, a 4xx, a timeout) a later try may.
   */
  final class MailException extends RuntimeException {
    private final boolean recipientRefused;

    public MailException(String message, boolean recipientRefused, Throwable cause) {
      super(message, cause);
      this.recipientRefused = recipientRefused;
    }

    public MailException(String message, Throwable cause) {
      this(message, false, cause);
    }

    public boolean recipientRefused() {
      return recipientRefused;
    }
  }
}
