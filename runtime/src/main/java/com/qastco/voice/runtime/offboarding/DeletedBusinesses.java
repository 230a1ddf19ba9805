package com.qastco.voice.runtime.offboarding;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.DataRetention;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.web.WebSessions;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Business whose records are to go with it ({@code spec.dataRetention.deletionPolicy: Delete}) carries this
 * runtime's finalizer, so Kubernetes keeps it until its rows are removed; then the finalizer goes and
 * the Business with it. One kept (Retain, the default) has no finalizer, and its deletion is announced with what
 * stays. Driven by the Business informer and swept again every 30 s, so a purge cut off (a restart, the database
 * away) is finished later; the purge is idempotent, so several runtimes doing it at once only repeat a DELETE.
 */
@Context
public class DeletedBusinesses {
  public static final String FINALIZER = "voice.qastco.com/records";
  private static final Logger LOG = LoggerFactory.getLogger(DeletedBusinesses.class);
  private final TenantDirectory directory;
  private final KubernetesClient kubernetes;
  private final RecordsPurge purge;
  private final MeterRegistry meters;
  private final Clock clock;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "records-purge"));
  private final Set<String> queued = ConcurrentHashMap.newKeySet();

  private final WebSessions sessions;

  public DeletedBusinesses(TenantDirectory directory, KubernetesClient kubernetes, RecordsPurge purge,
                           MeterRegistry meters, Clock clock, WebSessions sessions) {
    this.sessions = sessions;
    this.directory = directory;
    this.kubernetes = kubernetes;
    this.purge = purge;
    this.meters = meters;
    this.clock = clock;
  }

  @PostConstruct
  void listen() {
    directory.onEach(this::queue);
    directory.onDeleted(this::announceRetained);
    directory.onDeleted(this::signOutEveryone);
  }

  /** Whatever the policy: a deleted Business's dashboard sessions end now, not when they would expire. */
  private void signOutEveryone(Business business) {
    if (business.getStatus() != null && business.getStatus().businessId() != null) {
      try {
        sessions.endAllOf(UUID.fromString(business.getStatus().businessId()));
      } catch (RuntimeException e) {
        // They still expire by themselves (8 hours idle), and a session of a Business that is gone opens nothing.
        LOG.warn("Sessions of deleted Business {} not ended: {}", business.getMetadata().getName(), e.getMessage());
      }
    }
  }

  @Scheduled(fixedDelay = "30s", initialDelay = "30s")
  void sweep() {
    directory.businesses().forEach(this::queue);
  }

  /** Off the informer's thread: each Business once in the queue at a time. */
  private void queue(Business business) {
    boolean deletes = DataRetention.deletesRecords(business.getSpec());
    boolean holds = business.getMetadata().getFinalizers().contains(FINALIZER);
    boolean deleting = business.getMetadata().getDeletionTimestamp() != null;
    if ((deletes && !holds && !deleting || holds && (deleting || !deletes)) && queued.add(key(business))) {
      worker.submit(() -> {
        queued.remove(key(business));
        settle(business.getMetadata().getName());
      });
    }
  }

  private void settle(String name) {
    var resource = kubernetes.resources(Business.class).inNamespace(kubernetes.getNamespace()).withName(name);
    try {
      Business business = resource.get();
      if (business == null) {
        return;
      }
      boolean deletes = DataRetention.deletesRecords(business.getSpec());
      boolean holds = business.getMetadata().getFinalizers().contains(FINALIZER);
      if (business.getMetadata().getDeletionTimestamp() == null) {
        if (deletes != holds) {
          resource.edit(b -> {
            if (deletes) {
              b.getMetadata().getFinalizers().add(FINALIZER);
            } else {
              b.getMetadata().getFinalizers().remove(FINALIZER);
            }
            return b;
          });
        }
        return;
      }
      if (holds) {
        if (deletes) {
          purge(business);
        }
        resource.edit(b -> {
          b.getMetadata().getFinalizers().remove(FINALIZER);
          return b;
        });
      }
    } catch (RuntimeException e) { // the database or the API server away: the next sweep tries again
      meters.counter("voice.records.purges", "result", "failed").increment();
      LOG.warn("Records of Business {} not settled yet: {}", name, e.getMessage());
    }
  }

  private void purge(Business business) {
    String id = business.getStatus() == null ? null : business.getStatus().businessId();
    // Never provisioned: nothing was ever written for it but, perhaps, the sign-up that asked for it.
    long rows = purge.database(id == null ? new UUID(0, 0) : UUID.fromString(id),
        business.getMetadata().getNamespace(), business.getMetadata().getName());
    meters.counter("voice.records.purged.rows").increment(rows);
    meters.counter("voice.records.purges", "result", "done").increment();
    LOG.info("Business {} deleted with its records: {} rows", business.getMetadata().getName(), rows);
    event(business, "RecordsDeleted", "Deleted its records: " + rows + " rows in the platform's database");
  }

  private void announceRetained(Business business) {
    if (!DataRetention.deletesRecords(business.getSpec()) && business.getStatus() != null
        && business.getStatus().businessId() != null) {
      LOG.info("Business {} deleted; its records are retained (spec.dataRetention.deletionPolicy: Retain) under"
          + " business id {}", business.getMetadata().getName(), business.getStatus().businessId());
      event(business, "RecordsRetained", "Deleted; its records stay in the platform's database"
          + " (spec.dataRetention.deletionPolicy: Retain)");
    }
  }

  /** An Event on the Business; named after its uid, so two runtimes announcing it make one. */
  private void event(Business business, String reason, String message) {
    String now = clock.instant().toString();
    try {
      kubernetes.v1().events().inNamespace(business.getMetadata().getNamespace()).resource(new EventBuilder()
          .withNewMetadata().withName(business.getMetadata().getName() + "." + reason.toLowerCase(java.util.Locale.ROOT)
              + "-" + business.getMetadata().getUid()).endMetadata()
          .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(business.getApiVersion())
              .withKind(business.getKind()).withName(business.getMetadata().getName())
              .withNamespace(business.getMetadata().getNamespace()).withUid(business.getMetadata().getUid()).build())
          .withReason(reason).withMessage(message).withType("Normal").withFirstTimestamp(now).withLastTimestamp(now)
          .withCount(1).withNewSource("voice-runtime", null).build()).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        LOG.warn("Event {} for Business {} not recorded: {}", reason, business.getMetadata().getName(),
            e.getMessage());
      }
    }
  }

  private static String key(Business business) {
    return business.getMetadata().getNamespace() + "/" + business.getMetadata().getName();
  }

  @PreDestroy
  void stop() {
    worker.shutdownNow();
  }
}
