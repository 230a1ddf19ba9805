package com.qastco.voice.operator.credentials;

import com.qastco.voice.api.credentials.ApiKey;
import com.qastco.voice.api.credentials.Credentials;
import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.operator.ChildWriter;
import com.qastco.voice.operator.KubernetesEvents;
import com.qastco.voice.operator.Labels;
import com.qastco.voice.operator.status.Outcome;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code <name>-credentials} Secret: keys are issued once and kept across reconciles and restarts; the
 * rotate-keys annotation issues new ones and retires the old ones after the grace period.
 */
public final class CredentialsSecret {
  public static final String CONDITION = "CredentialsReady";
  public static final String COMPONENT = "credentials";

  private final InformerEventSource<Secret, Business> cache;
  private final ChildWriter writer;
  private final KubernetesEvents events;
  private final Duration grace;

  public CredentialsSecret(InformerEventSource<Secret, Business> cache, ChildWriter writer, KubernetesEvents events,
                           Duration grace) {
    this.cache = cache;
    this.writer = writer;
    this.events = events;
    this.grace = grace;
  }

  public static String nameFor(Business business) {
    return business.getMetadata().getName() + "-credentials";
  }

  /** The result for the status: the keys as they now stand, and the part's condition. */
  public record Result(String secretName, Credentials credentials, Outcome outcome) {}

  public Result reconcile(Business business, Instant now) {
    String name = nameFor(business);
    Secret actual = cache.get(new ResourceID(name, business.getMetadata().getNamespace())).orElse(null);
    String rotationRequest = rotationRequest(business);
    Credentials credentials = Credentials.read(actual).map(c -> expireAndRotate(business, c, rotationRequest, now))
        .orElseGet(() -> issue(business, actual, rotationRequest, now));
    writer.apply(cache, actual, desired(business, credentials), (from, to) -> {
      to.setType(from.getType());
      // stringData is write-only: the API server folds it into data, so only data is compared and written.
      to.setData(from.getData());
    });
    long secretKeys = credentials.keys().stream().filter(k -> k.type() == ApiKey.KeyType.secret).count();
    return new Result(name, credentials, Outcome.ok(CONDITION, "KeysIssued",
        "Secret " + name + " holds the current keys; " + credentials.keys().size() + " keys valid ("
            + secretKeys + " secret)"));
  }

  /** Takes the keys away (a Business that may not have any); a no-op when there are none. */
  public void remove(Business business) {
    cache.get(new ResourceID(nameFor(business), business.getMetadata().getNamespace())).ifPresent(writer::delete);
  }

  public static Secret desired(Business business, Credentials credentials) {
    return new SecretBuilder()
        .withMetadata(new ObjectMetaBuilder()
            .withName(nameFor(business))
            .withNamespace(business.getMetadata().getNamespace())
            .withLabels(Labels.of(business, COMPONENT))
            .withAnnotations(credentials.rotation() == null ? Map.of()
                : Map.of(Credentials.ROTATION_ANNOTATION, credentials.rotation()))
            .withOwnerReferences(Labels.ownerOf(business))
            .build())
        .withType("Opaque")
        .withData(credentials.data())
        .build();
  }

  private Credentials issue(Business business, Secret unusable, String rotationRequest, Instant now) {
    String businessId = Optional.ofNullable(business.getStatus()).map(s -> s.businessId())
        .orElseGet(() -> UUID.randomUUID().toString());
    if (unusable == null) {
      events.normal(business, "KeysIssued", "Issued a secret and a publishable key in Secret " + nameFor(business));
    } else {
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
      Instant retireAt = now.plus(grace);
      current = current.rotate(rotationRequest, now, retireAt);
      events.normal(business, "KeysRotated", "Issued new keys; the previous keys work until " + retireAt);
    }
    return current;
  }

  private static String rotationRequest(Business business) {
    Map<String, String> annotations = business.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(Business.ROTATE_KEYS_ANNOTATION);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
