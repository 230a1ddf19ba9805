package com.qastco.voice.runtime;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real SMTP server (GreenMail) on a loopback port, started once per test JVM, receiving the platform's e-mail. */
public final class TestMail {
  private static Inbox inbox;

  private TestMail() {}

  public static synchronized Inbox inbox() {
    if (inbox == null) {
      GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      server.start();
      inbox = new Inbox(server);
    }
    return inbox;
  }

  public record Inbox(GreenMail server) {
    public Map<String, String> properties() {
      return Map.of("voice.mail.smtp-host", "127.0.0.1",
          "voice.mail.smtp-port", Integer.toString(server.getSmtp().getPort()),
          "voice.mail.start-tls", "false", "voice.mail.from", "voice@platform.example");
    }

    /** The text of the newest e-mail to {@code to}, waiting for it to arrive. */
    public String lastTo(String to) {
      return await().atMost(Duration.ofSeconds(10)).until(() -> Arrays.stream(server.getReceivedMessages())
          .filter(m -> recipient(m).equals(to)).reduce((a, b) -> b).map(GreenMailUtil::getBody), Optional::isPresent)
          .orElseThrow().replace("=\r\n", "").replace("=3D", "=");
    }

    public String linkTo(String to) {
      Matcher m = Pattern.compile("(https?://\\S+/signup/confirm\\?token=[A-Za-z0-9_-]+)").matcher(lastTo(to));
      if (!m.find()) {
        throw new AssertionError("no confirmation link in the e-mail to " + to);
      }
      return m.group(1);
    }

    public String subdomainIn(String to) {
      Matcher m = Pattern.compile(" at ([a-z0-9-]+)\\.").matcher(lastTo(to));
      if (!m.find()) {
        throw new AssertionError("no subdomain in the e-mail to " + to);
      }
      return m.group(1);
    }

    public static String recipient(MimeMessage message) {
      try {
        return message.getRecipients(Message.RecipientType.TO)[0].toString();
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
