package com.qastco.voice.integrations;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Collection;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMACs the platform's webhooks are signed with (Twilio's SHA-1, Ultravox's and Standard Webhooks' SHA-256),
 * over the JDK's {@link Mac}, and the constant-time comparison every check uses.
 */
public final class Hmac {
  private Hmac() {}

  public static byte[] sha256(byte[] key, byte[]... parts) {
    return mac("HmacSHA256", key, parts);
  }

  public static byte[] sha1(byte[] key, byte[]... parts) {
    return mac("HmacSHA1", key, parts);
  }

  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Whether any expected signature equals any presented one. Every pair is compared, with no early exit, so the
   * time taken says nothing about which one matched.
   */
  public static boolean anyMatches(Collection<byte[]> expected, Collection<byte[]> presented) {
    boolean match = false;
    for (byte[] e : expected) {
      for (byte[] p : presented) {
        match |= MessageDigest.isEqual(e, p);
      }
    }
    return match;
  }

  private static byte[] mac(String algorithm, byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      for (byte[] part : parts) {
        mac.update(part);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is part of every JDK", e);
    }
  }
}
