package com.qastco.voice.api.domains;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What a Business publishes to prove it owns a custom domain: a DNS TXT record {@code _voice-challenge.<domain>}
 * holding a token made from its business id and the domain. Only the domain's owner can publish it, and each
 * Business's token differs, so a record published for one Business proves nothing for another. The token is not a
 * secret (it sits in public DNS); the operator and the dashboard compute it the same way, so nothing is stored.
 */
public final class DomainProof {
  public static final String LABEL = "_voice-challenge";
  private static final String PREFIX = "voice-domain-verification=";

  private DomainProof() {}

  public static String recordName(String domain) {
    return LABEL + "." + domain.toLowerCase(Locale.ROOT);
  }

  public static String token(String businessId, String domain) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((businessId + "|" + domain.toLowerCase(Locale.ROOT))
          .getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(digest, 0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The sentence telling an owner what to publish. */
  public static String instruction(String businessId, String domain) {
    return "publish a DNS TXT record " + recordName(domain) + " with the value " + token(businessId, domain);
  }
}
