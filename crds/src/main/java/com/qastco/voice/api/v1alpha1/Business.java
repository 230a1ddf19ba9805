package com.qastco.voice.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One tenant of the platform: a business with its own voice agent. */
@Group(Business.GROUP)
@Version(Business.VERSION)
@Plural("businesses")
@ShortNames("biz")
@AdditionalPrinterColumn(name = "Subdomain", jsonPath = ".spec.subdomain", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Plan", jsonPath = ".spec.plan", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
// Child objects carry the name in a label, and label values stop at 63 characters.
@ValidationRule(value = "size(self.metadata.name) <= 63", fieldPath = ".metadata.name",
    message = "metadata.name must be at most 63 characters")
public class Business extends CustomResource<BusinessSpec, BusinessStatus> implements Namespaced {
  public static final String GROUP = "voice.qastco.com";
  public static final String VERSION = "v1alpha1";
  public static final String CRD_NAME = "businesses." + GROUP;

  /** Set to any new value to issue new keys; the previous keys stay valid for the grace period. */
  public static final String ROTATE_KEYS_ANNOTATION = GROUP + "/rotate-keys";
  /** {@code true} with a rotation: the previous keys stop working at once (a key leaked), no grace period. */
  public static final String REVOKE_PREVIOUS_KEYS_ANNOTATION = GROUP + "/revoke-previous-keys";
  /** {@code gitops}: settings live in Git and are read-only in the dashboard. */
  public static final String MANAGED_BY_ANNOTATION = GROUP + "/managed-by";

  /** Whether a Business's settings live in Git (so the dashboard shows them read-only and changes nothing). */
  public static boolean keptInGit(Business business) {
    var annotations = business.getMetadata().getAnnotations();
    return annotations != null && "gitops".equals(annotations.get(MANAGED_BY_ANNOTATION));
  }
}
