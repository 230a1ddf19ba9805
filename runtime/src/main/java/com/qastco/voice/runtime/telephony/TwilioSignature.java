package com.qastco.voice.runtime.telephony;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature (shared/reference/ultravox-contract.md §7.4): Base64 of HMAC-SHA1, keyed with the
 * account's auth token, over the full URL Twilio requested followed by every POST parameter, sorted by name, as
 * name and value with nothing between. Twilio may sign the URL with or without the default port, so both count.
 */
final class TwilioSignature {
  private TwilioSignature() {}

  static boolean valid(String authToken, String url, Map<String, List<String>> params, String signature) {
    if (signature == null || signature.isBlank()) {
      return false;
    }
    byte[] presented = signature.trim().getBytes(StandardCharsets.US_ASCII);
    boolean match = false;
    for (String candidate : List.of(url, withDefaultPort(url))) {
      match |= MessageDigest.isEqual(sign(authToken, candidate, params).getBytes(StandardCharsets.US_ASCII),
          presented);
    }
    return match;
  }

  static String sign(String authToken, String url, Map<String, List<String>> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, values) -> values.forEach(v -> data.append(name).append(v)));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
    }
  }

  private static String withDefaultPort(String url) {
    java.net.URI uri = java.net.URI.create(url);
    if (uri.getPort() != -1) {
      return url;
    }
    int port = "https".equals(uri.getScheme()) ? 443 : 80;
    return uri.getScheme() + "://" + uri.getHost() + ":" + port + uri.getRawPath()
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }
}
