package com.qastco.voice.api.credentials;

import com.fasterxml.jackson.core.type.TypeReference;
import com.qastco.voice.api.credentials.ApiKey.KeyType;
import io.fabric8.kubernetes.api.model.Secret;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the credentials Secret holds: the business id, the current secret and publishable keys, and every
 * key that is still valid (the current ones and those retiring after a rotation), as hashes.
 *
 * @param rotation the value of the Business's rotate-keys annotation this set of keys answers
 */
public record Credentials(String businessId, String secretKey, String publishableKey, List<ApiKey> keys,
                          String rotation, String redisPassword, String webhookSecret) {
  public static final String BUSINESS_ID = "business-id";
  public static final String SECRET_KEY = "secret-key";
  public static final String PUBLISHABLE_KEY = "publishable-key";
  public static final String KEYS = "keys.json";
  /** The password of the tenant's own Redis user (limited to its key prefix); not rotated with the API keys. */
  public static final String REDIS_PASSWORD = "redis-password";
  /** Signs the events the platform sends to the Business's own webhook URL (the Business verifies with it). */
  public static final String WEBHOOK_SECRET = "webhook-secret";
  public static final String ROTATION_ANNOTATION = "voice.qastco.com/rotation";
  private static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  /** A fresh set: new keys, nothing retiring. */
  public static Credentials issue(String businessId, String rotation, Instant now) {
    ApiKey.Issued sk = ApiKey.issue(KeyType.secret, now);
    ApiKey.Issued pk = ApiKey.issue(KeyType.publishable, now);
    return new Credentials(businessId, sk.value(), pk.value(), List.of(sk.key(), pk.key()), rotation,
        ApiKey.randomSecret(), ApiKey.webhookSecret());
  }

  /** New current keys; the previous current ones keep working until {@code retireAt}. */
  public Credentials rotate(String newRotation, Instant now, Instant retireAt) {
    ApiKey.Issued sk = ApiKey.issue(KeyType.secret, now);
    ApiKey.Issued pk = ApiKey.issue(KeyType.publishable, now);
    List<ApiKey> next = new ArrayList<>();
    keys.forEach(k -> next.add(k.isCurrent() ? k.retiringAt(retireAt) : k));
    next.add(sk.key());
    next.add(pk.key());
    return new Credentials(businessId, sk.value(), pk.value(), List.copyOf(next), newRotation, redisPassword,
        webhookSecret);
  }

  /** Drops retired keys whose grace period is over. */
  public Credentials withoutExpired(Instant now) {
    List<ApiKey> valid = keys.stream().filter(k -> k.isCurrent() || k.expiresAt().isAfter(now)).toList();
    return new Credentials(businessId, secretKey, publishableKey, valid, rotation, redisPassword, webhookSecret);
  }

  /** When the next retiring key expires, so the operator can come back then. */
  public Optional<Instant> nextExpiry() {
    return keys.stream().filter(k -> !k.isCurrent()).map(ApiKey::expiresAt).min(Instant::compareTo);
  }

  /**
   * Reads a Secret written by the operator. Empty when a part is missing or the current keys no longer match
   * their hashes (edited by hand): such a Secret cannot be trusted and is reissued.
   */
  public static Optional<Credentials> read(Secret secret) {
    if (secret == null || secret.getData() == null) {
      return Optional.empty();
    }
    Map<String, String> data = secret.getData();
    String businessId = decode(data.get(BUSINESS_ID));
    String sk = decode(data.get(SECRET_KEY));
    String pk = decode(data.get(PUBLISHABLE_KEY));
    String keysJson = decode(data.get(KEYS));
    if (businessId == null || sk == null || pk == null || keysJson == null) {
      return Optional.empty();
    }
    List<ApiKey> keys;
    try {
      keys = JSON.readValue(keysJson, new TypeReference<List<ApiKey>>() {});
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    boolean consistent = keys.stream().anyMatch(k -> k.isCurrent() && k.sha256().equals(ApiKey.sha256(sk)))
        && keys.stream().anyMatch(k -> k.isCurrent() && k.sha256().equals(ApiKey.sha256(pk)));
    String rotation = secret.getMetadata().getAnnotations() == null ? null
        : secret.getMetadata().getAnnotations().get(ROTATION_ANNOTATION);
    // Secrets written before these existed get them on their next reconcile.
    String redisPassword = Optional.ofNullable(decode(data.get(REDIS_PASSWORD))).orElseGet(ApiKey::randomSecret);
    String webhookSecret = Optional.ofNullable(decode(data.get(WEBHOOK_SECRET)))
        .orElseGet(ApiKey::webhookSecret);
    return consistent ? Optional.of(new Credentials(businessId, sk, pk, keys, rotation, redisPassword, webhookSecret))
        : Optional.empty();
  }

  /** The Secret's data; keys.json is written in a stable order so an unchanged set never rewrites the Secret. */
  public Map<String, String> data() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(BUSINESS_ID, encode(businessId));
    data.put(SECRET_KEY, encode(secretKey));
    data.put(PUBLISHABLE_KEY, encode(publishableKey));
    data.put(REDIS_PASSWORD, encode(redisPassword));
    data.put(WEBHOOK_SECRET, encode(webhookSecret));
    try {
      data.put(KEYS, encode(JSON.writeValueAsString(keys)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("API key records are plain data", e);
    }
    return data;
  }

  private static String decode(String base64) {
    return base64 == null ? null : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static String encode(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    // Records print every component; keys must never reach a log line.
    return "Credentials[businessId=" + businessId + ", keys=" + keys.stream().map(ApiKey::id).toList() + "]";
  }
}
