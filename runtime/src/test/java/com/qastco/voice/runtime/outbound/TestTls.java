package com.qastco.voice.runtime.outbound;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A certificate for the test's stand-ins for a Business's https servers ({@link TestDns#SHOP}, and this machine's
 * loopback addresses for the attacks), made once per test JVM with the JDK's keytool and trusted as the JVM's
 * only authority: the runtime verifies the certificate and host name exactly as in production.
 */
public final class TestTls {
  public static final String PASSWORD = "test-only-keystore";
  private static Path keystore;

  private TestTls() {}

  public static synchronized Path keystore() {
    if (keystore == null) {
      try {
        Path dir = Files.createTempDirectory("test-tls");
        Path file = dir.resolve("endpoints.p12");
        Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-alias", "endpoints", "-keyalg", "EC", "-groupname", "secp256r1",
            "-dname", "CN=" + TestDns.SHOP, "-ext", "SAN=dns:" + TestDns.SHOP + ",dns:" + TestDns.REBINDING
                + ",dns:localhost,ip:127.0.0.1,ip:127.0.0.2,ip:127.0.0.3,ip:::1",
            "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD))
            .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) {
          throw new IllegalStateException("keytool failed: " + output);
        }
        System.setProperty("javax.net.ssl.trustStore", file.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        keystore = file;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return keystore;
  }
}
