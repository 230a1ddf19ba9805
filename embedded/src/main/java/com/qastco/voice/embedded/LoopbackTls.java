package com.qastco.voice.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A certificate for stand-ins of a Business's https servers on this machine (the tests' and the local run's), made
 * once per JVM with the JDK's keytool and trusted by the JVM beside the JDK's own authorities (the local run still
 * reaches Ultravox), so the runtime verifies certificate and host name exactly as in production. Never used by the
 * platform itself.
 */
public final class LoopbackTls {
  public static final String PASSWORD = "loopback-only-keystore";
  private static Path keystore;
  private static List<String> names;

  private LoopbackTls() {}

  /** The keystore for these DNS names and the loopback addresses (the first caller's names; later ones must match). */
  public static synchronized Path keystore(List<String> dnsNames) {
    if (keystore != null) {
      if (!names.equals(dnsNames)) {
        throw new IllegalStateException("The loopback certificate was made for " + names + ", not " + dnsNames);
      }
      return keystore;
    }
    try {
      Path file = Files.createTempDirectory("loopback-tls").resolve("endpoints.p12");
      List<String> san = new ArrayList<>();
      dnsNames.forEach(n -> san.add("dns:" + n));
      san.addAll(List.of("dns:localhost", "ip:127.0.0.1", "ip:127.0.0.2", "ip:127.0.0.3", "ip:::1"));
      Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
              .toString(), "-genkeypair", "-alias", "endpoints", "-keyalg", "EC", "-groupname", "secp256r1",
          "-dname", "CN=" + (dnsNames.isEmpty() ? "localhost" : dnsNames.get(0)), "-ext", "SAN=" + String.join(",", san),
          "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD))
          .redirectErrorStream(true).start();
      String output = new String(keytool.getInputStream().readAllBytes());
      if (keytool.waitFor() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      withPublicAuthorities(file);
      System.setProperty("javax.net.ssl.trustStore", file.toString());
      System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
      System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
      keystore = file;
      names = List.copyOf(dnsNames);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Adds the JDK's trusted authorities to the store, which then serves as the JVM's trust store. */
  private static void withPublicAuthorities(Path file) throws IOException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(file)) {
        store.load(in, PASSWORD.toCharArray());
      }
      KeyStore jdk = KeyStore.getInstance(KeyStore.getDefaultType());
      try (InputStream in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib", "security",
          "cacerts"))) {
        jdk.load(in, null); // reading trusted certificates needs no password
      }
      for (String alias : java.util.Collections.list(jdk.aliases())) {
        if (jdk.isCertificateEntry(alias)) {
          store.setCertificateEntry("jdk-" + alias, jdk.getCertificate(alias));
        }
      }
      try (var out = Files.newOutputStream(file)) {
        store.store(out, PASSWORD.toCharArray());
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A server-side TLS context with that certificate (for the JDK's HttpsServer). */
  public static SSLContext serverContext(List<String> dnsNames) {
    try (InputStream in = Files.newInputStream(keystore(dnsNames))) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD.toCharArray());
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, PASSWORD.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
