package com.qastco.voice.api.credentials;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A valid API key as the runtime checks it: by the SHA-256 of the presented key (the keys carry 256 random
 * bits, so a slow password hash would add nothing), with its lifetime. Never holds the key itself.
 *
 * @param expiresAt null while the key is current; set when a rotation retires it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKey(String id, KeyType type, String sha256, Instant createdAt, Instant expiresAt) {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

  public enum KeyType {
    secret("sk_"), publishable("pk_");

    final String prefix;

    KeyType(String prefix) {
      this.prefix = prefix;
    }
  }

  /** A new key: the plain value, shown once, and the record of it that the runtime checks against. */
  public record Issued(String value, ApiKey key) {}

  public static Issued issue(KeyType type, Instant now) {
    String value = type.prefix + random(32);
    return new Issued(value, new ApiKey("key_" + random(9), type, sha256(value), now, null));
  }

  /** 256 random bits, URL-safe: for passwords the platform makes up (a tenant's Redis user, say). */
  public static String randomSecret() {
    return random(32);
  }

  /** A Standard Webhooks signing secret: {@code whsec_} and 256 random bits in standard base64. */
  public static String webhookSecret() {
    byte[] buffer = new byte[32];
    RANDOM.nextBytes(buffer);
    return "whsec_" + Base64.getEncoder().encodeToString(buffer);
  }

  public static String sha256(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  @JsonIgnore
  public boolean isCurrent() {
    return expiresAt == null;
  }

  public ApiKey retiringAt(Instant when) {
    return new ApiKey(id, type, sha256, createdAt, when);
  }

  private static String random(int bytes) {
    byte[] buffer = new byte[bytes];
    RANDOM.nextBytes(buffer);
    return URL_SAFE.encodeToString(buffer);
  }
}
