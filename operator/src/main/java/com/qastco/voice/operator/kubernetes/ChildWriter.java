package com.qastco.voice.operator.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Create-or-update of the operator's child objects without server-side apply (what is tested is what runs).
 * The operator owns its labels, annotations, owner reference and the body it builds; whatever else others put
 * on the object (annotations of other tools, status) is kept. An object whose owned parts already match is
 * not written at all, so a settled Business causes no API writes.
 */
public final class ChildWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ChildWriter.class);
  private final KubernetesClient client;

  public ChildWriter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * @param cache     the informer the operator watches this kind with; told about each write so the next
   *                  reconcile reads its own writes
   * @param actual    the object as cached, or null
   * @param desired   the object as the operator builds it
   * @param copyBody  copies the operator's part of the body (spec, data) from the first object to the second
   * @return the object as it is now
   */
  public <R extends HasMetadata> R apply(InformerEventSource<R, ?> cache, R actual, R desired,
                                         BiConsumer<R, R> copyBody) {
    if (actual == null) {
      try {
        R created = client.resource(desired).create();
        cache.handleRecentResourceCreate(ResourceID.fromResource(created), created);
        return created;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        // Made by an earlier run whose write the cache has not seen yet (e.g. a restart): adopt it.
        actual = client.resource(desired).get();
        if (actual == null) {
          throw e;
        }
      }
    }
    R merged = client.getKubernetesSerialization().clone(actual);
    merged.getMetadata().setLabels(union(actual.getMetadata().getLabels(), desired.getMetadata().getLabels()));
    merged.getMetadata().setAnnotations(union(actual.getMetadata().getAnnotations(),
        desired.getMetadata().getAnnotations()));
    merged.getMetadata().setOwnerReferences(withOwners(actual.getMetadata().getOwnerReferences(),
        desired.getMetadata().getOwnerReferences()));
    copyBody.accept(desired, merged);
    if (merged.equals(actual)) {
      return actual;
    }
    LOG.info("Updating {} {}/{}: {} differ from what the operator wants", actual.getKind(),
        actual.getMetadata().getNamespace(), actual.getMetadata().getName(), differences(actual, merged));
    R updated = client.resource(merged).update();
    cache.handleRecentResourceUpdate(ResourceID.fromResource(updated), updated, actual);
    return updated;
  }

  private static List<String> differences(HasMetadata actual, HasMetadata merged) {
    List<String> parts = new ArrayList<>();
    if (!Objects.equals(actual.getMetadata().getLabels(), merged.getMetadata().getLabels())) {
      parts.add("labels");
    }
    if (!Objects.equals(actual.getMetadata().getAnnotations(), merged.getMetadata().getAnnotations())) {
      parts.add("annotations");
    }
    if (!Objects.equals(actual.getMetadata().getOwnerReferences(), merged.getMetadata().getOwnerReferences())) {
      parts.add("owner references");
    }
    if (parts.isEmpty()) {
      parts.add("contents");
    }
    return parts;
  }

  /** Deletes an object if it exists; a missing object is what was wanted. */
  public void delete(HasMetadata object) {
    client.resource(object).delete();
  }

  private static Map<String, String> union(Map<String, String> theirs, Map<String, String> ours) {
    if ((theirs == null || theirs.isEmpty()) && (ours == null || ours.isEmpty())) {
      return theirs;
    }
    Map<String, String> merged = new LinkedHashMap<>();
    if (theirs != null) {
      merged.putAll(theirs);
    }
    if (ours != null) {
      merged.putAll(ours);
    }
    return merged;
  }

  private static List<OwnerReference> withOwners(List<OwnerReference> theirs, List<OwnerReference> ours) {
    if (ours == null || ours.isEmpty()) {
      return theirs;
    }
    List<OwnerReference> merged = new ArrayList<>();
    if (theirs != null) {
      theirs.stream().filter(t -> ours.stream().noneMatch(o -> Objects.equals(o.getUid(), t.getUid())))
          .forEach(merged::add);
    }
    merged.addAll(ours);
    return merged.equals(theirs) ? theirs : merged;
  }
}
