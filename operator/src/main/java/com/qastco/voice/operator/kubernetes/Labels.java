package com.qastco.voice.operator.kubernetes;

import com.qastco.voice.api.v1alpha1.Business;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.Set;

/** The labels that tie every child object to its Business, and the selector the operator watches them with. */
public final class Labels {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "voice-operator";
  public static final String BUSINESS = Business.GROUP + "/business";
  /** The Business's namespace: for children kept elsewhere (credentials in a namespace of their own). */
  public static final String BUSINESS_NAMESPACE = Business.GROUP + "/business-namespace";
  public static final String COMPONENT = Business.GROUP + "/component";
  public static final String SELECTOR = MANAGED_BY + "=" + OPERATOR;

  private Labels() {}

  public static Map<String, String> of(Business business, String component) {
    return Map.of(
        MANAGED_BY, OPERATOR,
        "app.kubernetes.io/part-of", "voice-platform",
        BUSINESS, business.getMetadata().getName(),
        BUSINESS_NAMESPACE, business.getMetadata().getNamespace(),
        COMPONENT, component);
  }

  /** The owner reference lets a real cluster collect leftovers; the operator deletes children itself anyway. */
  public static OwnerReference ownerOf(Business business) {
    return new OwnerReferenceBuilder()
        .withApiVersion(business.getApiVersion())
        .withKind(business.getKind())
        .withName(business.getMetadata().getName())
        .withUid(business.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(false)
        .build();
  }

  /** Maps a watched child to the Business it belongs to: by label, or by owner if the label was edited away. */
  public static Set<ResourceID> owningBusiness(HasMetadata child) {
    String name = child.getMetadata().getLabels() == null ? null : child.getMetadata().getLabels().get(BUSINESS);
    if (name == null && child.getMetadata().getOwnerReferences() != null) {
      name = child.getMetadata().getOwnerReferences().stream()
          .filter(o -> Business.class.getSimpleName().equals(o.getKind()))
          .map(OwnerReference::getName).findFirst().orElse(null);
    }
    String namespace = child.getMetadata().getLabels() == null ? null
        : child.getMetadata().getLabels().get(BUSINESS_NAMESPACE);
    return name == null ? Set.of() : Set.of(new ResourceID(name,
        namespace == null ? child.getMetadata().getNamespace() : namespace));
  }
}
