package com.qastco.voice.runtime.outbox;

import com.qastco.voice.integrations.Hmac;
import java.util.Base64;

/**
 * The signature on events sent to a Business's webhook, as the Standard Webhooks specification defines it (so any
 * of its libraries verifies them): {@code webhook-signature: v1,<base64 HMAC-SHA256 over "id.timestamp.body">},
 * keyed with the base64 part of the Business's {@code whsec_…} secret.
 */
public final class WebhookSignature {
  public static final String ID = "webhook-id";
  public static final String TIMESTAMP = "webhook-timestamp";
  public static final String SIGNATURE = "webhook-signature";

  private WebhookSignature() {}

  /** The headers of one signed request: who sends it, its id, when it was signed and the signature. */
  public static java.util.Map<String, String> headers(String userAgent, String secret, String id, long timestamp,
                                                      String body) {
    return java.util.Map.of("User-Agent", userAgent, ID, id, TIMESTAMP, Long.toString(timestamp),
        SIGNATURE, sign(secret, id, timestamp, body));
  }

  public static String sign(String secret, String id, long timestamp, String body) {
    byte[] key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
    return "v1," + Base64.getEncoder().encodeToString(Hmac.sha256(key, Hmac.utf8(id + "." + timestamp + "." + body)));
  }
}
