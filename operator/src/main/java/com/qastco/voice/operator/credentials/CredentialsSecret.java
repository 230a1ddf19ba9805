package com.qastco.voice.operator.credentials;

import com.qastco.voice.api.credentials.ApiKey;
import com.qastco.voice.api.credentials.Credentials;
import com.qastco.voice.api.credentials.CredentialsLocation;
import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.operator.kubernetes.ChildWriter;
import com.qastco.voice.operator.kubernetes.EventRecorder;
import com.qastco.voice.operator.kubernetes.Labels;
import com.qastco.voice.operator.conditions.Outcome;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code <name>-credentials} Secret (where {@link CredentialsLocation} puts it): keys are issued once and kept across reconciles and restarts; the
 * rotate-keys annotation issues new ones and retires the old ones after the grace period.
 */
public final class CredentialsSecret {
  public static final String CONDITION = "CredentialsReady";
  public static final String COMPONENT = "credentials";

  private final InformerEventSource<Secret, Business> cache;
  private final ChildWriter writer;
  private final EventRecorder events;
  private final Duration grace;
  private final CredentialsLocation location;

  public CredentialsSecret(InformerEventSource<Secret, Business> cache, ChildWriter writer, EventRecorder events,
                           Duration grace, CredentialsLocation location) {
    this.location = location;
    this.cache = cache;
    this.writer = writer;
    this.events = events;
    this.grace = grace;
  }

  private String nameFor(Business business) {
    return idOf(business, location).getName();
  }

  private static ResourceID idOf(Business business, CredentialsLocation location) {
    String namespace = business.getMetadata().getNamespace();
    return new ResourceID(location.nameOf(namespace, business.getMetadata().getName()),
        location.namespaceOf(namespace));
  }

  /** The result for the status: the keys as they now stand, and the part's condition. */
  public record Result(String secretName, Credentials credentials, Outcome outcome) {}

  public Result reconcile(Business business, Instant now) {
    String name = nameFor(business);
    Secret actual = cache.get(idOf(business, location)).orElse(null);
    String rotationRequest = rotationRequest(business);
    Credentials credentials = Credentials.read(actual).map(c -> expireAndRotate(business, c, rotationRequest, now))
        .orElseGet(() -> issue(business, actual, rotationRequest, now));
    writer.apply(cache, actual, desired(business, credentials, location), (from, to) -> {
      to.setType(from.getType());
      // stringData is write-only: the API server folds it into data, so only data is compared and written.
      to.setData(from.getData());
    });
    long secretKeys = credentials.keys().stream().filter(k -> k.type() == ApiKey.KeyType.secret).count();
    return new Result(name, credentials, Outcome.ok(CONDITION, "KeysIssued",
        "Secret " + name + " holds the current keys; " + credentials.keys().size() + " keys valid ("
            + secretKeys + " secret)"));
  }

  /** Takes the keys away (a Business that may not have any, or is gone); a no-op when there are none. */
  public void remove(Business business) {
    cache.get(idOf(business, location)).ifPresent(writer::delete);
  }

  public static Secret desired(Business business, Credentials credentials, CredentialsLocation location) {
    ResourceID id = idOf(business, location);
    return new SecretBuilder()
        .withMetadata(new ObjectMetaBuilder()
            .withName(id.getName())
            .withNamespace(id.getNamespace().orElseThrow())
            .withLabels(Labels.of(business, COMPONENT))
            .withAnnotations(credentials.rotation() == null ? Map.of()
                : Map.of(Credentials.ROTATION_ANNOTATION, credentials.rotation()))
            // An owner reference cannot cross namespaces; the operator deletes the Secret itself anyway.
            .withOwnerReferences(location.separate() ? List.of() : List.of(Labels.ownerOf(business)))
            .build())
        .withType("Opaque")
        .withData(credentials.data())
        .build();
  }

  private Credentials issue(Business business, Secret unusable, String rotationRequest, Instant now) {
    String businessId = Optional.ofNullable(business.getStatus()).map(s -> s.businessId())
        .orElseGet(() -> UUID.randomUUID().toString());
    boolean first = business.getStatus() == null || business.getStatus().credentialsSecret() == null;
    if (unusable == null && !first) { // a new Business's keys are told by its Ready event: one write, not two
      events.normal(business, "KeysIssued", "Issued a secret and a publishable key in Secret " + nameFor(business));
    } else if (unusable != null) {
      events.warning(business, "KeysReissued", "Secret " + nameFor(business)
          + " was edited and its keys no longer match their records; issued new keys");
    }
    return Credentials.issue(businessId, rotationRequest, now);
  }

  private Credentials expireAndRotate(Business business, Credentials credentials, String rotationRequest,
                                      Instant now) {
    Credentials current = credentials.withoutExpired(now);
    if (current.keys().size() < credentials.keys().size()) {
      events.normal(business, "KeysExpired", (credentials.keys().size() - current.keys().size())
          + " rotated-out keys reached the end of their grace period and no longer work");
    }
    if (rotationRequest != null && !rotationRequest.equals(current.rotation())) {
      if (revokeAtOnce(business)) {
        current = current.rotate(rotationRequest, now, now).withoutExpired(now);
        events.normal(business, "KeysRevoked", "Issued new keys; the previous keys no longer work");
      } else {
        Instant retireAt = now.plus(grace);
        current = current.rotate(rotationRequest, now, retireAt);
        events.normal(business, "KeysRotated", "Issued new keys; the previous keys work until " + retireAt);
      }
    }
    return current;
  }

  private static boolean revokeAtOnce(Business business) {
    Map<String, String> annotations = business.getMetadata().getAnnotations();
    return annotations != null && "true".equalsIgnoreCase(annotations.get(Business.REVOKE_PREVIOUS_KEYS_ANNOTATION));
  }

  private static String rotationRequest(Business business) {
    Map<String, String> annotations = business.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(Business.ROTATE_KEYS_ANNOTATION);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
