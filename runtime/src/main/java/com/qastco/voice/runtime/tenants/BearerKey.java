package com.qastco.voice.runtime.tenants;

import com.qastco.voice.runtime.api.ApiException;

/** Reads {@code Authorization: Bearer <key>} and finds the Business and kind of key it names, or refuses (401). */
public final class BearerKey {
  private static final String BEARER = "Bearer ";

  private BearerKey() {}

  /** @param missing what to tell a caller who sent no key: which key this endpoint expects */
  public static TenantDirectory.KeyMatch match(TenantDirectory tenants, String authorization, String missing) {
    if (authorization == null || !authorization.startsWith(BEARER)) {
      throw ApiException.unauthorized(missing);
    }
    return tenants.byKey(authorization.substring(BEARER.length()).trim())
        .orElseThrow(() -> ApiException.unauthorized("Unknown or expired API key"));
  }
}
