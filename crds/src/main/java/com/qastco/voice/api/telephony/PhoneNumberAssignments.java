package com.qastco.voice.api.telephony;

import com.qastco.voice.api.v1alpha1.Validation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which Business answers which phone number: the platform's to say, never a tenant's. A number is only routed to a
 * Business when the platform (its admin page, or an operator of the platform with kubectl) has assigned it here;
 * listing a number in {@code spec.phoneNumbers} claims nothing. One map, so a number has one Business at most.
 *
 * <p>Stored as the ConfigMap {@value #CONFIG_MAP} in the platform's namespace: the key is the E.164 number without
 * its {@code +} (ConfigMap keys allow no {@code +}), the value the Business's id ({@code status.businessId}), which
 * the operator minted and no other Business can take, unlike a name that is free again once deleted.
 */
public record PhoneNumberAssignments(Map<String, String> byNumber) {
  public static final String CONFIG_MAP = "voice-phone-numbers";
  private static final Pattern E164 = Pattern.compile(Validation.E164);
  public static final PhoneNumberAssignments NONE = new PhoneNumberAssignments(Map.of());

  public PhoneNumberAssignments {
    byNumber = Map.copyOf(byNumber);
  }

  /** The assignments a ConfigMap holds; keys that are not numbers are ignored. */
  public static PhoneNumberAssignments of(ConfigMap configMap) {
    if (configMap == null || configMap.getData() == null) {
      return NONE;
    }
    Map<String, String> numbers = new TreeMap<>();
    configMap.getData().forEach((key, value) -> {
      String number = "+" + key.trim();
      if (E164.matcher(number).matches() && value != null && !value.isBlank()) {
        numbers.put(number, value.trim());
      }
    });
    return new PhoneNumberAssignments(numbers);
  }

  public Optional<String> businessOf(String number) {
    return number == null ? Optional.empty() : Optional.ofNullable(byNumber.get(number.trim()));
  }

  public List<String> numbersOf(String businessId) {
    return byNumber.entrySet().stream().filter(e -> e.getValue().equals(businessId)).map(Map.Entry::getKey)
        .sorted().toList();
  }

  /** The ConfigMap's data key for a number. */
  public static String keyOf(String number) {
    if (number == null || !E164.matcher(number.trim()).matches()) {
      throw new IllegalArgumentException("not an E.164 number (such as +14155550123): " + number);
    }
    return number.trim().substring(1);
  }

  /** A ConfigMap holding no assignments yet, to be created in {@code namespace}. */
  public static ConfigMap empty(String namespace) {
    return new ConfigMapBuilder().withNewMetadata().withName(CONFIG_MAP).withNamespace(namespace)
        .addToLabels("app.kubernetes.io/part-of", "voice-platform").endMetadata().build();
  }
}
