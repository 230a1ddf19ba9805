package com.qastco.voice.operator.external;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.integrations.Backoff;
import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.operator.conditions.Outcome;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the external parts of every Business without holding up anything else. Each system has its own thread
 * pool, so a slow ERPNext fills only ERPNext's pool; each (Business, part) has its own track, so one tenant's
 * failures back off alone. The reconciler only looks: {@link #observe} reports how a part stands and starts work
 * when the desired state changed or a retry is due; when work ends, the Business is reconciled again through
 * {@link #wakeups()}.
 */
public final class ExternalProvisioner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExternalProvisioner.class);
  public static final String READY = "Provisioned";
  public static final String IN_PROGRESS = "InProgress";
  public static final String UPDATING = "Updating";
  public static final String UNAVAILABLE = "Unavailable";
  public static final String REJECTED = "Rejected";

  private final SimpleInboundEventSource<Business> wakeups = new SimpleInboundEventSource<>("external-parts");
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      daemon("external-retry"));
  private final Map<String, ExecutorService> pools = new ConcurrentHashMap<>();
  private final Map<String, Track> tracks = new ConcurrentHashMap<>();
  private final int threadsPerSystem;
  private final Backoff backoff;
  private final Clock clock;

  public ExternalProvisioner(int threadsPerSystem, Duration firstRetry, Duration maxRetry, Clock clock) {
    this.threadsPerSystem = threadsPerSystem;
    this.backoff = new Backoff(firstRetry, maxRetry);
    this.clock = clock;
  }

  public SimpleInboundEventSource<Business> wakeups() {
    return wakeups;
  }

  /** How a part stands: its condition and the ids to show (the last known ones while work is under way). */
  public record State<R>(Outcome outcome, R ids) {}

  /**
   * @param wasReady whether the Business's status already has this part True: re-checking or updating a part that
   *                 works (after a restart, on a spec change) keeps it True, so Ready does not flap
   */
  public <D, R> State<R> observe(Business business, ExternalPart<D, R> part, D desired, R known, boolean wasReady) {
    Track track = tracks.computeIfAbsent(key(business, part), k -> new Track());
    synchronized (track) {
      track.settle(part, clock.instant(), backoff::after).ifPresent(delay -> wakeLater(business, delay));
      R ids = track.ids == null ? known : cast(track.ids);
      boolean working = wasReady || track.succeeded;
      if (track.running != null) {
        return new State<>(inProgress(part, track, working), ids);
      }
      boolean changed = !Objects.equals(desired, track.desired);
      if (!changed && track.failure == null && track.done) {
        return new State<>(Outcome.ok(part.condition(), READY, track.message), ids);
      }
      if (!changed && track.failure != null && clock.instant().isBefore(track.retryAt)) {
        return new State<>(Outcome.failed(part.condition(), track.failureReason, track.failure + "; retrying at "
            + track.retryAt), ids);
      }
      if (changed) {
        track.failures = 0;
      }
      track.start(desired, clock.instant(), pool(part.system()), () -> part.provision(business, desired, ids),
          () -> wakeups.propagateEvent(ResourceID.fromResource(business)));
      return new State<>(inProgress(part, track, working), ids);
    }
  }

  private static Outcome inProgress(ExternalPart<?, ?> part, Track track, boolean working) {
    return working ? Outcome.ok(part.condition(), UPDATING, track.progress(part))
        : Outcome.failed(part.condition(), IN_PROGRESS, track.progress(part));
  }

  /** Removal of a part: done (with what was done), or still under way / failing (with why). */
  public record Removal(boolean done, String message) {}

  public <D, R> Removal remove(Business business, ExternalPart<D, R> part, R known) {
    Track track = tracks.computeIfAbsent(key(business, part), k -> new Track());
    synchronized (track) {
      track.settle(part, clock.instant(), backoff::after).ifPresent(delay -> wakeLater(business, delay));
      if (track.running != null) {
        return new Removal(false, track.progress(part));
      }
      if (Track.REMOVED.equals(track.desired)) {
        if (track.failure == null && track.done) {
          return new Removal(true, track.message);
        }
        if (track.failure != null && clock.instant().isBefore(track.retryAt)) {
          return new Removal(false, track.failure + "; retrying at " + track.retryAt);
        }
      }
      R ids = track.ids == null ? known : cast(track.ids);
      track.start(Track.REMOVED, clock.instant(), pool(part.system()),
          () -> new ExternalPart.Provisioned<>(null, part.remove(business, ids)),
          () -> wakeups.propagateEvent(ResourceID.fromResource(business)));
      return new Removal(false, track.progress(part));
    }
  }

  /** Forgets a Business that is gone. */
  public void forget(Business business) {
    String prefix = business.getMetadata().getUid() + "/";
    tracks.keySet().removeIf(k -> k.startsWith(prefix));
  }

  /** Every part of every Business tries again now (the platform's settings changed, say). */
  public void retryAll() {
    tracks.values().forEach(t -> {
      synchronized (t) {
        t.desired = null;
        t.failures = 0;
      }
    });
  }


  private void wakeLater(Business business, Duration delay) {
    ResourceID id = ResourceID.fromResource(business);
    timer.schedule(() -> wakeups.propagateEvent(id), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private ExecutorService pool(String system) {
    return pools.computeIfAbsent(system, s -> Executors.newFixedThreadPool(threadsPerSystem,
        daemon("external-" + s.toLowerCase())));
  }

  private static String key(Business business, ExternalPart<?, ?> part) {
    return business.getMetadata().getUid() + "/" + part.system();
  }

  @SuppressWarnings("unchecked")
  private static <R> R cast(Object ids) {
    return (R) ids;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread thread = new Thread(r, name + "-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    timer.shutdownNow();
    pools.values().forEach(ExecutorService::shutdownNow);
  }

  /** One part of one Business: what it was last asked to be, and how that went. Guarded by its own lock. */
  private static final class Track {
    static final Object REMOVED = new Object();
    Object desired;
    Object ids;
    CompletableFuture<ExternalPart.Provisioned<?>> running;
    Instant startedAt;
    boolean done;
    boolean succeeded;
    String message;
    String failure;
    String failureReason;
    int failures;
    Instant retryAt;

    interface Work {
      ExternalPart.Provisioned<?> run() throws Exception;
    }

    void start(Object want, Instant now, ExecutorService pool, Work work, Runnable whenDone) {
      desired = want;
      done = false;
      startedAt = now;
      running = CompletableFuture.supplyAsync(() -> {
        try {
          return work.run();
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      }, pool);
      running.whenComplete((result, error) -> whenDone.run());
    }

    /** Takes in finished work; returns the delay before the next attempt when it failed. */
    java.util.Optional<Duration> settle(ExternalPart<?, ?> part, Instant now,
                                        java.util.function.BiFunction<Integer, Duration, Duration> backoff) {
      if (running == null || !running.isDone()) {
        return java.util.Optional.empty();
      }
      CompletableFuture<ExternalPart.Provisioned<?>> finished = running;
      running = null;
      done = true;
      try {
        ExternalPart.Provisioned<?> result = finished.join();
        if (result.ids() != null) {
          ids = result.ids();
        }
        message = result.message();
        failure = null;
        failures = 0;
        succeeded = desired != REMOVED;
        return java.util.Optional.empty();
      } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        failures++;
        ExternalSystemException external = cause instanceof ExternalSystemException x ? x : null;
        failureReason = external == null || external.retryable() ? UNAVAILABLE : REJECTED;
        failure = part.system() + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName()
            : cause.getMessage());
        Duration delay = backoff.apply(failures, external == null ? null : external.retryAfter());
        retryAt = now.plus(delay);
        LOG.warn("{} failed (attempt {}), retrying in {} s: {}", part.system(), failures, delay.toSeconds(),
            failure);
        return java.util.Optional.of(delay);
      }
    }

    String progress(ExternalPart<?, ?> part) {
      String what = desired == REMOVED ? "Removing" : "Provisioning";
      return what + " in " + part.system() + " since " + startedAt
          + (failures > 0 ? " (attempt " + (failures + 1) + "; last error: " + failure + ")" : "");
    }
  }
}
