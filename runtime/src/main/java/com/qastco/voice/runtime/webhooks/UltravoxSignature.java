package com.qastco.voice.runtime.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Ultravox's webhook signature (shared/reference/ultravox-contract.md §5.4): lowercase hex of HMAC-SHA256 keyed
 * with the secret over the raw body followed by the timestamp header exactly as sent, no separator. The signature
 * header may carry several, comma-separated (one per secret during a rotation); any one matching any of our
 * secrets is enough. Compared in constant time.
 */
final class UltravoxSignature {
  private UltravoxSignature() {}

  static boolean valid(byte[] body, String timestamp, String signatures, List<String> secrets) {
    if (timestamp == null || signatures == null || secrets.isEmpty()) {
      return false;
    }
    List<byte[]> presented = Arrays.stream(signatures.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(s -> s.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII)).toList();
    boolean match = false;
    for (String secret : secrets) {
      byte[] expected = sign(secret, body, timestamp).getBytes(StandardCharsets.US_ASCII);
      for (byte[] candidate : presented) {
        // No early exit: every pair is compared, so timing says nothing about which one matched.
        match |= MessageDigest.isEqual(expected, candidate);
      }
    }
    return match;
  }

  static String sign(String secret, byte[] body, String timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(body);
      mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal());
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** The signed time, read leniently (with or without offset, fractions); never re-serialised for the check. */
  static Optional<Instant> time(String timestamp) {
    if (timestamp == null) {
      return Optional.empty();
    }
    String value = timestamp.trim();
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException withoutOffset) {
      try {
        return Optional.of(LocalDateTime.parse(value).toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
  }
}
