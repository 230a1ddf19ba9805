package com.qastco.voice.runtime.outbox;

import com.qastco.voice.integrations.Backoff;
import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works off the outbox: every second, the Businesses with due deliveries, a few at a time; within one Business its
 * deliveries to each destination in the order they were written (a failure holds back the later ones). A failure is tried again after an exponential, jittered delay (or
 * the Retry-After asked for); after the configured number of attempts, or at once when the destination refused it
 * for good (an ERPNext validation error, say), it becomes a dead letter, kept for inspection and redelivery.
 */
@Singleton
public class OutboxWorker {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);
  private final OutboxRepository repository;
  private final Deliveries deliveries;
  private final TenantDirectory tenants;
  private final OutboxConfig config;
  private final Backoff backoff;
  private final Clock clock;
  private final ExecutorService pool;
  private final io.micrometer.core.instrument.MeterRegistry meters;
  private final java.util.concurrent.atomic.AtomicLong dueBusinesses = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong oldestDueSeconds = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong pending = new java.util.concurrent.atomic.AtomicLong();
  private static final Duration SLOT_WAIT = Duration.ofSeconds(1);
  private static final Duration SLOT_PATIENCE = Duration.ofMillis(250);
  private final java.util.concurrent.Semaphore webhookSlots;

  public OutboxWorker(OutboxRepository repository, Deliveries deliveries, TenantDirectory tenants,
                      OutboxConfig config, Clock clock, io.micrometer.core.instrument.MeterRegistry meters) {
    this.meters = meters;
    meters.gauge("voice.outbox.due.businesses", dueBusinesses);
    meters.gauge("voice.outbox.oldest.due.seconds", oldestDueSeconds);
    meters.gauge("voice.outbox.pending", pending);
    this.repository = repository;
    this.deliveries = deliveries;
    this.tenants = tenants;
    this.config = config;
    this.backoff = new Backoff(config.getFirstRetry(), config.getMaxRetry());
    this.clock = clock;
    this.webhookSlots = new java.util.concurrent.Semaphore(config.getWebhookThreads());
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(config.getThreads(), r -> {
      Thread thread = new Thread(r, "outbox-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  @Scheduled(fixedDelay = "${voice.outbox.poll-interval:1s}", initialDelay = "${voice.outbox.poll-interval:1s}")
  void poll() {
    if (config.isEnabled()) {
      try {
        drain();
      } catch (RuntimeException e) {
        LOG.warn("Outbox round failed, trying again next round: {}", e.getMessage());
      }
    }
  }

  /**
   * One round over every Business with due deliveries; returns how many deliveries were attempted. A Business
   * that delivered a full batch goes straight back to the pool, so a backlog is worked off at the speed of the
   * destinations rather than a batch per poll interval, and no thread waits for the slowest Business. A failure
   * ends the Business's round: its retries wait for their backoff.
   */
  public int drain() {
    OutboxRepository.Backlog backlog = repository.backlog();
    dueBusinesses.set(backlog.businesses());
    pending.set(backlog.pending());
    oldestDueSeconds.set(backlog.oldestDue() == null ? 0
        : Math.max(0, Duration.between(backlog.oldestDue(), clock.instant()).toSeconds()));
    CompletionService<Turn> turns = new ExecutorCompletionService<>(pool);
    int running = 0;
    for (UUID business : repository.dueBusinesses(500)) {
      turns.submit(() -> work(business));
      running++;
    }
    int attempted = 0;
    while (running > 0) {
      try {
        Turn turn = turns.take().get();
        running--;
        attempted += turn.attempted();
        if (turn.more()) {
          turns.submit(() -> work(turn.business()));
          running++;
        }
      } catch (java.util.concurrent.ExecutionException e) {
        running--;
        LOG.warn("Outbox round of a Business failed: {}", e.getCause().getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return attempted;
      }
    }
    return attempted;
  }

  /** @param more a full batch all delivered: there may be more, and the destination is taking them */
  private record Turn(UUID business, int attempted, boolean more) {}

  /**
   * One Business's turn. It ends early when the Business used up its budget (what is left waits for the next
   * round, behind the others), and a webhook delivery waits a moment when every webhook slot is taken: a slow
   * receiver holds at most its own slot for the request's deadline, never the threads of every tenant.
   */
  private Turn work(UUID business) {
    List<OutboxRepository.Entry> claimed = repository.claim(business, config.getBatch(), config.getLease());
    Optional<Tenant> tenant = tenants.byId(business);
    boolean allDelivered = true;
    java.util.Map<String, Instant> blocked = new java.util.HashMap<>();
    long deadline = System.nanoTime() + config.getTurnBudget().toNanos();
    for (OutboxRepository.Entry entry : claimed) {
      Instant behind = blocked.get(entry.destination());
      if (behind == null && System.nanoTime() > deadline) {
        behind = clock.instant();
        blocked.put(entry.destination(), behind);
        allDelivered = false;
      }
      boolean webhook = WebhookDestination.NAME.equals(entry.destination());
      if (behind == null && webhook && !slot()) {
        behind = clock.instant().plus(SLOT_WAIT);
        blocked.put(entry.destination(), behind);
        allDelivered = false;
      }
      if (behind != null) {
        repository.postpone(business, entry.id(), behind); // keeps the destination's order
        continue;
      }
      try {
        deliveries.deliver(tenant.orElseThrow(() -> new ExternalSystemException("platform",
            ExternalSystemException.Kind.UNREACHABLE, "The Business is not known to this runtime (yet)", null,
            null)), entry);
        repository.delivered(business, entry.id());
        meters.counter("voice.outbox.deliveries", "destination", entry.destination(), "result", "delivered")
            .increment();
      } catch (Exception e) {
        allDelivered = false;
        Instant next = failed(business, entry, e);
        if (next != null) {
          blocked.put(entry.destination(), next);
        }
      } finally {
        if (webhook) {
          webhookSlots.release();
        }
      }
    }
    repository.settle(business);
    return new Turn(business, claimed.size(), allDelivered && claimed.size() == config.getBatch());
  }

  /**
   * A webhook slot, waiting a moment for one: fast receivers free theirs within milliseconds, while slots held by
   * slow ones send the delivery back to wait instead of holding this thread too.
   */
  private boolean slot() {
    try {
      return webhookSlots.tryAcquire(SLOT_PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** @return when it is tried again; null when it is a dead letter */
  private Instant failed(UUID business, OutboxRepository.Entry entry, Exception e) {
    ExternalSystemException external = e instanceof ExternalSystemException x ? x : null;
    boolean refused = external != null && !external.retryable();
    boolean dead = refused || entry.attempts() >= config.getMaxAttempts();
    Instant next = clock.instant().plus(backoff.after(entry.attempts(), external == null ? null : external.retryAfter()));
    // The error is shown on the Business's dashboard: only an external system's own message, written for it.
    String error = external != null ? external.getMessage() : "The delivery failed inside the platform";
    if (external == null) {
      LOG.warn("Outbox {} {} to {} failed inside the platform", entry.event(), entry.id(), entry.destination(), e);
    }
    repository.failed(business, entry.id(), error, next, dead);
    meters.counter("voice.outbox.deliveries", "destination", entry.destination(), "result", dead ? "dead" : "retry")
        .increment();
    if (dead) {
      LOG.warn("Outbox {} {} to {} is a dead letter after {} attempt(s): {}", entry.event(), entry.id(),
          entry.destination(), entry.attempts(), error);
    }
    return dead ? null : next;
  }

  @PreDestroy
  void stop() {
    pool.shutdownNow();
  }
}
