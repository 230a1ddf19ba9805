package com.qastco.voice.runtime.web;

import com.qastco.voice.api.credentials.ApiKey;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Browser sessions: a random 256-bit id in an HttpOnly, SameSite=Lax cookie (Secure and {@code __Host-} behind
 * TLS, so it is bound to the one host that set it: a Business's dashboard cookie never reaches another Business's
 * host), and the session in Redis under the id's hash, so a Redis dump holds no usable cookie. Each session has its
 * own CSRF token, which every form and every script's POST carries back.
 */
@Singleton
public class WebSessions {
  public static final Duration IDLE = Duration.ofHours(8);
  /** A form not yet sent (sign-in, sign-up) is kept briefly: anyone can make one, so none may pile up. */
  public static final Duration FORM = Duration.ofMinutes(30);
  private static final SecureRandom RANDOM = new SecureRandom();
  private final RedisCommands<String, String> redis;
  private final String cookieName;
  private final boolean secure;

  public WebSessions(StatefulRedisConnection<String, String> connection, WebConfig config) {
    this.redis = connection.sync();
    this.secure = config.isSecureCookies();
    this.cookieName = secure ? "__Host-voice" : "voice";
  }

  /**
   * @param kind what it is for: {@code owner} (a Business's dashboard), {@code signup} (a registration in
   *     progress) or {@code admin} (the platform admin)
   * @param subject who: the owner's e-mail, the registration's id, the admin's e-mail
   */
  public record WebSession(String key, String kind, UUID businessId, String subject, String csrf) {}

  /** A signed-in session (8 hours idle), and the cookie that carries it. */
  public Map.Entry<WebSession, Cookie> start(String kind, UUID businessId, String subject) {
    return start(kind, businessId, subject, IDLE);
  }

  /** A session that lives {@code idle} without use, and the cookie that carries it. */
  public Map.Entry<WebSession, Cookie> start(String kind, UUID businessId, String subject, Duration idle) {
    String id = random();
    WebSession session = new WebSession(key(id), kind, businessId, subject, random());
    Map<String, String> fields = new HashMap<>();
    fields.put("kind", kind);
    fields.put("subject", subject);
    fields.put("csrf", session.csrf());
    fields.put("idle", Long.toString(idle.toSeconds()));
    if (businessId != null) {
      fields.put("business", businessId.toString());
    }
    redis.hset(session.key(), fields);
    redis.expire(session.key(), idle);
    if (businessId != null && !subject.isEmpty()) {
      // Who holds which sessions, so that all of one person's end together (a new password, "sign out
      // everywhere"); kept as long as the longest of them may live.
      String index = indexOf(kind, businessId, subject);
      redis.sadd(index, session.key());
      redis.expire(index, IDLE);
    }
    return Map.entry(session, cookie(id, null));
  }

  /** Ends every session {@code subject} holds of this kind with this Business, on every device. */
  public void endAll(String kind, UUID businessId, String subject) {
    String index = indexOf(kind, businessId, subject);
    java.util.Set<String> keys = redis.smembers(index);
    if (!keys.isEmpty()) {
      redis.del(keys.toArray(String[]::new));
    }
    redis.del(index);
  }

  /**
   * Ends every signed-in session with this Business, of anyone (the Business was deleted: nobody is to come back
   * to it). Found through the per-person indexes, by a SCAN: no command blocks Redis, however many sessions.
   */
  public long endAllOf(UUID businessId) {
    long ended = 0;
    io.lettuce.core.ScanArgs match = io.lettuce.core.ScanArgs.Builder.matches("web:subject:*:" + businessId + ":*")
        .limit(500);
    io.lettuce.core.KeyScanCursor<String> cursor = redis.scan(match);
    while (true) {
      for (String index : cursor.getKeys()) {
        java.util.Set<String> keys = redis.smembers(index);
        if (!keys.isEmpty()) {
          ended += redis.del(keys.toArray(String[]::new));
        }
        redis.del(index);
      }
      if (cursor.isFinished()) {
        return ended;
      }
      cursor = redis.scan(cursor, match);
    }
  }

  private static String indexOf(String kind, UUID businessId, String subject) {
    return "web:subject:" + kind + ":" + businessId + ":" + ApiKey.sha256(subject);
  }

  /** The request's session of this kind, if it has one (an idle one expires). */
  public Optional<WebSession> current(HttpRequest<?> request, String kind) {
    Optional<String> id = request.getCookies().findCookie(cookieName).map(Cookie::getValue)
        .filter(v -> v.matches("[A-Za-z0-9_-]{43}"));
    if (id.isEmpty()) {
      return Optional.empty();
    }
    String key = key(id.get());
    Map<String, String> fields = redis.hgetall(key);
    if (fields.isEmpty() || !kind.equals(fields.get("kind"))) {
      return Optional.empty();
    }
    redis.expire(key, Duration.ofSeconds(Long.parseLong(fields.getOrDefault("idle", Long.toString(IDLE.toSeconds())))));
    String business = fields.get("business");
    return Optional.of(new WebSession(key, kind, business == null ? null : UUID.fromString(business),
        fields.get("subject"), fields.get("csrf")));
  }

  /** The same session, now about {@code subject} (a registration that was just made, say). */
  public WebSession bind(WebSession session, String subject) {
    redis.hset(session.key(), Map.of("subject", subject, "idle", Long.toString(IDLE.toSeconds())));
    redis.expire(session.key(), IDLE);
    return new WebSession(session.key(), session.kind(), session.businessId(), subject, session.csrf());
  }

  public void end(WebSession session) {
    redis.del(session.key());
  }

  /** The cookie that removes the session's cookie from the browser. */
  public Cookie cleared() {
    return cookie("", Duration.ZERO);
  }

  /** The form's or the script's token against the session's, in constant time. */
  public static boolean csrfMatches(WebSession session, String token) {
    return token != null && MessageDigest.isEqual(session.csrf().getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }

  /** A browser-session cookie (gone with the browser); how long the session lasts is Redis's to say. */
  private Cookie cookie(String value, Duration maxAge) {
    Cookie cookie = Cookie.of(cookieName, value).httpOnly(true).secure(secure).sameSite(SameSite.Lax).path("/");
    return maxAge == null ? cookie : cookie.maxAge(maxAge);
  }

  private static String key(String id) {
    return "web:session:" + ApiKey.sha256(id);
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
