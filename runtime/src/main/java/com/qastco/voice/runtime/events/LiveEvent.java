package com.qastco.voice.runtime.events;

import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/**
 * Something a dashboard or a caller's page shows as it happens. {@code id} is the Redis stream id (time and
 * sequence), so ids only grow and a client resumes after the last one it saw.
 */
@Serdeable
public record LiveEvent(String id, String type, String sessionId, String at, Map<String, Object> data) {

  /** Whether this event comes after {@code other} in its Business's stream. */
  boolean after(String other) {
    if (other == null) {
      return true;
    }
    long[] a = parts(id);
    long[] b = parts(other);
    return a[0] != b[0] ? a[0] > b[0] : a[1] > b[1];
  }

  static boolean validId(String id) {
    return id != null && id.matches("^\\d{1,19}-\\d{1,19}$");
  }

  private static long[] parts(String id) {
    String[] p = id.split("-");
    return new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])};
  }
}
