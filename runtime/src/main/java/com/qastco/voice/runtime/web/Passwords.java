package com.qastco.voice.runtime.web;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Passwords (owners', the platform admin's) kept only as BCrypt hashes; one cost for all of them. */
public final class Passwords {
  private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder(12);
  /** Checked when there is no hash to check against, so that the answer takes as long either way. */
  private static final String DECOY = BCRYPT.encode("decoy-password-never-used");
  /** BCrypt reads at most 72 bytes; a longer password is refused rather than silently cut. */
  public static final int MAX_LENGTH = 72;

  private Passwords() {}

  public static String hash(String password) {
    return BCRYPT.encode(password);
  }

  /** Whether {@code password} matches {@code hash}; a missing hash costs the same check and never matches. */
  public static boolean matches(String password, String hash) {
    if (password == null || password.length() > MAX_LENGTH) {
      return false;
    }
    boolean matches = BCRYPT.matches(password, hash == null ? DECOY : hash);
    return hash != null && matches;
  }
}
