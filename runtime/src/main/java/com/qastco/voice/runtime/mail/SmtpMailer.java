package com.qastco.voice.runtime.mail;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** E-mail over SMTP (Jakarta Mail, Eclipse Angus), to the server {@code voice.mail.*} names. */
@Singleton
@Requires(property = "voice.mail.smtp-host")
public class SmtpMailer implements Mailer {
  private final Session session;
  private final MailConfig config;

  public SmtpMailer(MailConfig config) {
    this.config = config;
    Properties properties = new Properties();
    properties.put("mail.smtp.host", config.getSmtpHost());
    properties.put("mail.smtp.port", Integer.toString(config.getSmtpPort()));
    properties.put("mail.smtp.starttls.enable", Boolean.toString(config.isStartTls()));
    properties.put("mail.smtp.starttls.required", Boolean.toString(config.isStartTls()));
    properties.put("mail.smtp.ssl.enable", Boolean.toString(config.isImplicitTls()));
    properties.put("mail.smtp.ssl.checkserveridentity", "true");
    properties.put("mail.smtp.connectiontimeout", "10000");
    properties.put("mail.smtp.timeout", "10000");
    properties.put("mail.smtp.writetimeout", "10000");
    boolean auth = config.getUsername() != null && !config.getUsername().isBlank();
    properties.put("mail.smtp.auth", Boolean.toString(auth));
    session = Session.getInstance(properties, !auth ? null : new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        return new PasswordAuthentication(config.getUsername(), config.getPassword());
      }
    });
  }

  @Override
  public void send(Mail mail) {
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress(config.getFrom()));
      message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
      message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
      if (mail.html() == null) {
        message.setText(mail.text(), StandardCharsets.UTF_8.name());
      } else {
        MimeMultipart alternative = new MimeMultipart("alternative"); // text first: the fallback comes first
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), StandardCharsets.UTF_8.name());
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
      }
      Transport.send(message);
    } catch (MessagingException e) {
      // The server's own words, never the credentials: enough for the log and the person who configured it.
      throw new MailException("The e-mail could not be sent: " + reply(e), refusedForGood(e), e);
    }
  }

  /** The server's reply when it gave one ("550 5.1.1 … User unknown"), rather than Jakarta Mail's summary. */
  static String reply(MessagingException e) {
    String reply = e.getMessage();
    for (Exception cause = e.getNextException(); cause != null; cause = cause instanceof MessagingException m
        ? m.getNextException() : null) {
      if (cause.getMessage() != null) {
        reply = cause.getMessage();
      }
    }
    return reply == null ? e.getClass().getSimpleName() : reply.strip();
  }

  /** A 5xx reply about the recipient (550 no such user, 553 not allowed…): that address will not take mail. */
  static boolean refusedForGood(MessagingException e) {
    for (Exception cause = e; cause != null; cause = cause instanceof MessagingException m ? m.getNextException()
        : null) {
      if (cause instanceof SMTPAddressFailedException refused && refused.getReturnCode() >= 500) {
        return true;
      }
    }
    return false;
  }
}
