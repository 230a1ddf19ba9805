package com.qastco.voice.runtime.caldav;

import com.qastco.voice.embedded.LoopbackTls;
import com.qastco.voice.runtime.outbound.TestDns;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real CalDAV server for the tests: Debian's Radicale on 127.0.0.3 over TLS (the loopback certificate, for
 * {@link TestDns#CALENDAR}), started once per test JVM, with two users who each own their calendars. The test plays
 * the staff's calendar app through {@link #put} and {@link #delete}; {@link #stop} and {@link #start} make an outage.
 */
public final class TestRadicale {
  public static final String USER = "dr-smith";
  public static final String PASSWORD = "radicale-app-password-1";
  public static final String OTHER_USER = "dr-jones";
  public static final String OTHER_PASSWORD = "radicale-app-password-2";
  private static TestRadicale server;
  private final Path home;
  private final int port;
  private final HttpClient http;
  private Process process;

  private TestRadicale(Path home, int port) {
    this.home = home;
    this.port = port;
    this.http = HttpClient.newBuilder().sslContext(trusting()).build();
  }

  public static synchronized TestRadicale get() {
    if (server == null) {
      try {
        Path home = Files.createTempDirectory("radicale");
        pem(home);
        Files.writeString(home.resolve("users"), USER + ":" + PASSWORD + "\n" + OTHER_USER + ":" + OTHER_PASSWORD
            + "\n");
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
            java.net.InetAddress.getByName("127.0.0.3"))) {
          port = socket.getLocalPort();
        }
        Files.writeString(home.resolve("config"), """
            [server]
            hosts = 127.0.0.3:%d
            ssl = True
            certificate = %s
            key = %s
            [auth]
            type = htpasswd
            htpasswd_filename = %s
            htpasswd_encryption = plain
            delay = 0
            [rights]
            type = owner_only
            [storage]
            filesystem_folder = %s
            [web]
            type = none
            [logging]
            level = warning
            """.formatted(port, home.resolve("cert.pem"), home.resolve("key.pem"), home.resolve("users"),
            home.resolve("collections")));
        server = new TestRadicale(home, port);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server;
  }

  /** The base of the server as a Business would give it: the public-looking name, TLS. */
  public String base() {
    return "https://" + TestDns.CALENDAR + ":" + port;
  }

  public synchronized void start() {
    try {
      process = new ProcessBuilder("radicale", "--config", home.resolve("config").toString())
          .redirectErrorStream(true).redirectOutput(home.resolve("radicale.log").toFile()).start();
      long until = System.nanoTime() + 20_000_000_000L;
      while (System.nanoTime() < until) {
        try (Socket probe = new Socket()) {
          probe.connect(new InetSocketAddress("127.0.0.3", port), 200);
          return;
        } catch (IOException notYet) {
          if (!process.isAlive()) {
            throw new IllegalStateException("Radicale stopped: " + Files.readString(home.resolve("radicale.log")));
          }
          Thread.sleep(100);
        }
      }
      throw new IllegalStateException("Radicale did not listen within 20 s");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public synchronized void stop() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  /** Makes a calendar for the user, as their calendar app would, and returns its URL. */
  public String calendar(String user, String password, String name) {
    String url = base() + "/" + user + "/" + name + "/";
    int status = send(user, password, "MKCALENDAR", url, null);
    if (status != 201) {
      throw new IllegalStateException("MKCALENDAR " + url + " answered " + status);
    }
    return url;
  }

  /** Writes an event (an iCalendar text) into a calendar; its status. */
  public int put(String user, String password, String calendarUrl, String name, String ics) {
    return send(user, password, "PUT", calendarUrl + name + ".ics", ics);
  }

  public int delete(String user, String password, String calendarUrl, String name) {
    return send(user, password, "DELETE", calendarUrl + name + ".ics", null);
  }

  /** An event's text, or null when there is none by that name. */
  public String get(String user, String password, String calendarUrl, String name) {
    HttpResponse<String> response = request(user, password, "GET", calendarUrl + name + ".ics", null);
    return response.statusCode() == 200 ? response.body() : null;
  }

  private int send(String user, String password, String method, String url, String body) {
    return request(user, password, method, url, body).statusCode();
  }

  private HttpResponse<String> request(String user, String password, String method, String url, String body) {
    // The JDK client resolves the name itself; the test talks to 127.0.0.3 with the name in the Host header's place.
    URI direct = URI.create(url.replace(TestDns.CALENDAR, "127.0.0.3"));
    HttpRequest request = HttpRequest.newBuilder(direct)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
            .getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "text/calendar; charset=utf-8").build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The loopback certificate and its key as PEM files, as Radicale reads them. */
  private static void pem(Path home) throws IOException {
    Path store = LoopbackTls.keystore(TestDns.CERTIFIED);
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, LoopbackTls.PASSWORD.toCharArray());
      Base64.Encoder lines = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
      Files.writeString(home.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n" + lines.encodeToString(
          keys.getCertificate("endpoints").getEncoded()) + "\n-----END CERTIFICATE-----\n");
      Files.writeString(home.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n" + lines.encodeToString(
          keys.getKey("endpoints", LoopbackTls.PASSWORD.toCharArray()).getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SSLContext trusting() {
    try (InputStream in = Files.newInputStream(LoopbackTls.keystore(TestDns.CERTIFIED))) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, LoopbackTls.PASSWORD.toCharArray());
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
