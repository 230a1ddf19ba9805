package com.qastco.voice.operator.kubernetes;

import com.qastco.voice.api.v1alpha1.Business;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubernetes Events on a Business, for what an operator of the platform would want to see in kubectl describe. */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private final KubernetesClient client;
  private final Clock clock;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(Business business, String reason, String message) {
    record(business, "Normal", reason, message);
  }

  public void warning(Business business, String reason, String message) {
    record(business, "Warning", reason, message);
  }

  private void record(Business business, String type, String reason, String message) {
    String now = clock.instant().toString();
    var event = new EventBuilder()
        .withNewMetadata()
        .withName(business.getMetadata().getName() + "." + UUID.randomUUID().toString().replace("-", "")
            .substring(0, 16).toLowerCase(Locale.ROOT))
        .withNamespace(business.getMetadata().getNamespace())
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(business.getApiVersion())
            .withKind(business.getKind())
            .withName(business.getMetadata().getName())
            .withNamespace(business.getMetadata().getNamespace())
            .withUid(business.getMetadata().getUid())
            .build())
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .withNewSource().withComponent(Labels.OPERATOR).endSource()
        .withReportingComponent(Labels.OPERATOR)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .build();
    try {
      client.v1().events().inNamespace(business.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // Events are advisory (Kubernetes itself drops them under pressure); the status holds the truth.
      LOG.warn("Could not record event {} on Business {}/{}: {}", reason, business.getMetadata().getNamespace(),
          business.getMetadata().getName(), e.getMessage());
    }
  }
}
