package com.qastco.voice.integrations;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try an external system again: exponential from {@code first}, capped at {@code max}, with the upper half
 * jittered so that tenants failing together do not retry together. A longer wait the other side asked for (a
 * Retry-After) wins. The operator's external parts and the runtime's outbox both wait this way.
 */
public record Backoff(Duration first, Duration max) {

  /** @param failures how many tries have failed so far (1 after the first) */
  public Duration after(int failures, Duration asked) {
    long base = first.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
    long capped = Math.min(base, max.toMillis());
    long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    return asked != null && asked.toMillis() > jittered ? asked : Duration.ofMillis(jittered);
  }
}
