package com.qastco.voice.operator.telephony;

import com.qastco.voice.api.telephony.PhoneNumberAssignments;
import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.operator.conditions.Outcome;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;

/**
 * The platform's phone number assignments ({@link PhoneNumberAssignments}), watched, and the condition that tells a
 * Business which of the numbers in its spec really reach it. The spec only asks; a number the platform has not
 * assigned to this Business is refused, and the message never says who has it.
 */
public final class PhoneNumbers implements AutoCloseable {
  public static final String CONDITION = "PhoneNumbersAssigned";
  private final SharedIndexInformer<ConfigMap> informer;
  private volatile PhoneNumberAssignments current = PhoneNumberAssignments.NONE;

  /** {@code onChange} runs after every change of the assignments (to reconcile every Business again). */
  public PhoneNumbers(KubernetesClient client, String namespace, Runnable onChange) {
    informer = client.configMaps().inNamespace(namespace).withName(PhoneNumberAssignments.CONFIG_MAP)
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(ConfigMap map) {
            update(map);
          }

          @Override
          public void onUpdate(ConfigMap before, ConfigMap after) {
            update(after);
          }

          @Override
          public void onDelete(ConfigMap map, boolean unknownFinalState) {
            update(null);
          }

          private void update(ConfigMap map) {
            current = PhoneNumberAssignments.of(map);
            onChange.run();
          }
        });
  }

  public Outcome outcome(Business business, String businessId) {
    return outcome(business, businessId, current);
  }

  /** A pure function of the spec, the business id and the assignments. */
  public static Outcome outcome(Business business, String businessId, PhoneNumberAssignments assignments) {
    List<String> assigned = assignments.numbersOf(businessId);
    List<String> asked = business.getSpec().phoneNumbers() == null ? List.of() : business.getSpec().phoneNumbers();
    List<String> refused = asked.stream().filter(n -> !assigned.contains(n.trim())).toList();
    if (!refused.isEmpty()) {
      return Outcome.failed(CONDITION, "NotAssigned", String.join(", ", refused) + (refused.size() == 1 ? " is"
          : " are") + " not assigned to this Business by the platform, so calls to " + (refused.size() == 1 ? "it"
          : "them") + " do not reach it; the platform assigns numbers"
          + (assigned.isEmpty() ? "" : ". Calls to " + String.join(", ", assigned) + " reach this Business"))
          .advisory(); // a number is the platform's to assign: the Business works without it meanwhile
    }
    return Outcome.ok(CONDITION, assigned.isEmpty() ? "NoNumbers" : "Assigned", assigned.isEmpty()
        ? "No phone number is assigned to this Business" : "Calls to " + String.join(", ", assigned)
        + " reach this Business");
  }

  @Override
  public void close() {
    informer.stop();
  }
}
