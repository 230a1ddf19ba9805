package com.qastco.voice.runtime.webhooks;

import com.qastco.voice.integrations.Hmac;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Ultravox's webhook signature (Ultravox's "Webhooks" documentation, "Securing webhooks"): lowercase hex of HMAC-SHA256 keyed
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
    List<byte[]> expected = secrets.stream().map(secret -> sign(secret, body, timestamp)
        .getBytes(StandardCharsets.US_ASCII)).toList();
    return Hmac.anyMatches(expected, presented);
  }

  static String sign(String secret, byte[] body, String timestamp) {
    return HexFormat.of().formatHex(Hmac.sha256(Hmac.utf8(secret), body, Hmac.utf8(timestamp)));
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
