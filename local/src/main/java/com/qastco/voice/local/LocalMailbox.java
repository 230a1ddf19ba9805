package com.qastco.voice.local;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The local run's mail: a real SMTP server (GreenMail) the runtime sends to exactly as to a production one, and a
 * page on loopback listing what arrived (the sign-up confirmation, the welcome, the staff's order e-mails), each
 * message shown as its HTML part or its text.
 */
final class LocalMailbox implements AutoCloseable {
  private final GreenMail smtp;
  private final HttpServer page;

  private LocalMailbox(GreenMail smtp, HttpServer page) {
    this.smtp = smtp;
    this.page = page;
  }

  static LocalMailbox start(int pagePort) throws IOException {
    GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    HttpServer page = HttpServer.create(new InetSocketAddress("127.0.0.1", pagePort), 0);
    LocalMailbox mailbox = new LocalMailbox(smtp, page);
    page.createContext("/", mailbox::serve);
    page.start();
    return mailbox;
  }

  /** The runtime's mail settings for this server. */
  Map<String, Object> runtimeProperties() {
    return Map.of("voice.mail.smtp-host", "127.0.0.1", "voice.mail.smtp-port", smtp.getSmtp().getPort(),
        "voice.mail.start-tls", false, "voice.mail.from", "voice@localhost");
  }

  String url() {
    return "http://localhost:" + page.getAddress().getPort() + "/";
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      MimeMessage[] messages = smtp.getReceivedMessages();
      String path = exchange.getRequestURI().getPath();
      String body;
      if (path.matches("^/[0-9]{1,6}$") && Integer.parseInt(path.substring(1)) < messages.length) {
        body = shown(messages[Integer.parseInt(path.substring(1))]);
      } else {
        StringBuilder list = new StringBuilder("<!doctype html><meta charset=utf-8><title>Local mailbox</title>"
            + "<h1>Mail sent by the local run</h1><p>Newest first. Nothing leaves this machine.</p><ul>");
        // GreenMail keeps the messages by mailbox; the page lists them by when they were sent.
        List<Integer> newestFirst = IntStream.range(0, messages.length).boxed()
            .sorted(Comparator.comparing((Integer i) -> sent(messages[i])).reversed()
                .thenComparing(Comparator.reverseOrder())).toList();
        for (int i : newestFirst) {
          list.append("<li><a href=\"/").append(i).append("\">").append(escape(subject(messages[i])))
              .append("</a> to ").append(escape(to(messages[i]))).append("</li>");
        }
        body = list.append(messages.length == 0 ? "<li>None yet.</li>" : "").append("</ul>").toString();
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  private static String shown(MimeMessage message) {
    try {
      Object content = message.getContent();
      if (content instanceof MimeMultipart parts) {
        String text = "";
        for (int i = 0; i < parts.getCount(); i++) {
          BodyPart part = parts.getBodyPart(i);
          if (part.isMimeType("text/html")) {
            return part.getContent().toString();
          }
          text = part.getContent().toString();
        }
        return "<pre>" + escape(text) + "</pre>";
      }
      return "<pre>" + escape(String.valueOf(content)) + "</pre>";
    } catch (MessagingException | IOException e) {
      return "<p>Unreadable message: " + escape(e.getMessage()) + "</p>";
    }
  }

  private static Instant sent(MimeMessage message) {
    try {
      return message.getSentDate() == null ? Instant.EPOCH : message.getSentDate().toInstant();
    } catch (MessagingException e) {
      return Instant.EPOCH;
    }
  }

  private static String subject(MimeMessage message) {
    try {
      return String.valueOf(message.getSubject());
    } catch (MessagingException e) {
      return "?";
    }
  }

  private static String to(MimeMessage message) {
    try {
      var to = message.getRecipients(Message.RecipientType.TO);
      return to == null || to.length == 0 ? "?" : to[0].toString();
    } catch (MessagingException e) {
      return "?";
    }
  }

  private static String escape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  @Override
  public void close() {
    page.stop(0);
    smtp.stop();
  }
}
