package com.qastco.voice.runtime.telephony;

import com.qastco.voice.integrations.Hmac;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Twilio's request signature (Twilio's "Webhooks security" documentation): Base64 of HMAC-SHA1, keyed with the
 * account's auth token, over the full URL Twilio requested followed by every POST parameter, sorted by name, as
 * name and value with nothing between. Twilio may sign the URL with or without the default port, so both count.
 */
public final class TwilioSignature {
  private TwilioSignature() {}

  static boolean valid(String authToken, String url, Map<String, List<String>> params, String signature) {
    if (signature == null || signature.isBlank()) {
      return false;
    }
    List<byte[]> expected = List.of(url, withDefaultPort(url)).stream()
        .map(candidate -> sign(authToken, candidate, params).getBytes(StandardCharsets.US_ASCII)).toList();
    return Hmac.anyMatches(expected, List.of(signature.trim().getBytes(StandardCharsets.US_ASCII)));
  }

  public static String sign(String authToken, String url, Map<String, List<String>> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, values) -> values.forEach(v -> data.append(name).append(v)));
    return Base64.getEncoder().encodeToString(Hmac.sha1(Hmac.utf8(authToken), Hmac.utf8(data.toString())));
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
