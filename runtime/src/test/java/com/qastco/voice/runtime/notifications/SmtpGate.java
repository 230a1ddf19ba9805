package com.qastco.voice.runtime.notifications;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A relay in front of the test run's real SMTP server (GreenMail accepts every recipient) that answers as a real
 * mail server does when things go wrong: 421 "service not available" to every connection while it is down, and
 * 550 "no such user" to RCPT for a refused address. Everything else passes through unchanged, line by line.
 */
final class SmtpGate implements AutoCloseable {
  private final ServerSocket listener;
  private final int upstream;
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  private volatile boolean down;

  SmtpGate(int upstreamPort) {
    this.upstream = upstreamPort;
    try {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread accept = new Thread(this::accept, "smtp-gate");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  void down(boolean isDown) {
    down = isDown;
  }

  void refuse(String address) {
    refused.add(address.toLowerCase(Locale.ROOT));
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Thread relay = new Thread(() -> relay(client), "smtp-gate-relay");
        relay.setDaemon(true);
        relay.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void relay(Socket client) {
    try (client) {
      OutputStream toClient = client.getOutputStream();
      if (down) {
        send(toClient, "421 4.3.2 Service not available, try again later");
        return;
      }
      try (Socket server = new Socket(InetAddress.getLoopbackAddress(), upstream)) {
        Thread back = new Thread(() -> copy(server, toClient), "smtp-gate-back");
        back.setDaemon(true);
        back.start();
        BufferedReader fromClient = new BufferedReader(new InputStreamReader(client.getInputStream(),
            StandardCharsets.ISO_8859_1));
        OutputStream toServer = server.getOutputStream();
        boolean data = false;
        for (String line; (line = fromClient.readLine()) != null; ) {
          String upper = line.toUpperCase(Locale.ROOT);
          if (!data && upper.startsWith("RCPT TO:") && refused.stream().anyMatch(a -> upper.contains(
              "<" + a.toUpperCase(Locale.ROOT) + ">"))) {
            send(toClient, "550 5.1.1 <" + line.replaceAll(".*<([^>]*)>.*", "$1") + ">: Recipient address rejected:"
                + " User unknown");
            continue;
          }
          data = data ? !line.equals(".") : upper.equals("DATA");
          toServer.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
          toServer.flush();
        }
      }
    } catch (IOException e) {
      // the client or the server hung up
    }
  }

  private static void copy(Socket server, OutputStream toClient) {
    try {
      byte[] buffer = new byte[8192];
      var in = server.getInputStream();
      for (int n; (n = in.read(buffer)) > 0; ) {
        synchronized (toClient) {
          toClient.write(buffer, 0, n);
          toClient.flush();
        }
      }
    } catch (IOException e) {
      // closed
    }
  }

  private static void send(OutputStream toClient, String reply) throws IOException {
    synchronized (toClient) {
      toClient.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      toClient.flush();
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
