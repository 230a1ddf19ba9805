package com.qastco.voice.operator.external;

import com.qastco.voice.api.v1alpha1.Business;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The platform's connection settings for the external systems: one Secret in the operator's namespace, watched
 * through a JOSDK event source, so that configuring a system (or rotating its credentials) takes effect without a
 * restart. A system whose settings are missing is off, and each Business's condition says so.
 *
 * <p>Keys: {@code redis-url}; {@code erpnext-url}, {@code erpnext-api-key}, {@code erpnext-api-secret},
 * {@code erpnext-site}; {@code ultravox-url}, {@code ultravox-api-key}, {@code ultravox-webhook-secret};
 * {@code stripe-url}, {@code stripe-api-key}, {@code stripe-price-starter}, {@code stripe-price-professional},
 * {@code stripe-price-enterprise}.
 */
public final class PlatformSecret {
  private final String name;
  private final ResourceID id;
  private final InformerEventSource<Secret, Business> source;
  private final List<Consumer<Settings>> listeners = new CopyOnWriteArrayList<>();
  private Settings current;
  private String currentVersion;

  /**
   * @param source the Secret's event source ({@link #eventSource}): JOSDK starts it, and waits for its first list,
   *               before the first reconcile, so no part ever sees the settings missing merely because they are
   *               not loaded yet
   */
  public PlatformSecret(InformerEventSource<Secret, Business> source, String namespace, String name) {
    this.name = name;
    this.id = new ResourceID(name, namespace);
    this.source = source;
  }

  /**
   * The Secret named {@code name} in {@code namespace} and nothing else (a field selector: the operator reads no
   * other Secret there). Any change to it concerns every Business, as each one's external parts use it.
   */
  public static InformerEventSource<Secret, Business> eventSource(EventSourceContext<Business> context,
                                                                  String namespace, String name) {
    return new InformerEventSource<>(InformerEventSourceConfiguration.from(Secret.class, Business.class)
        .withName("platform-secret")
        .withNamespaces(Set.of(namespace))
        .withFieldSelector(new FieldSelector(new FieldSelector.Field("metadata.name", name)))
        .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache().list().map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .build(), context);
  }

  public String name() {
    return name;
  }

  /** The settings as the Secret holds them now; a change is told to {@link #onChange} listeners once. */
  public Settings current() {
    Secret secret = source.get(id).orElse(null);
    String version = secret == null ? null : secret.getMetadata().getResourceVersion();
    Settings next;
    Settings before;
    synchronized (this) {
      if (current != null && Objects.equals(version, currentVersion)) {
        return current;
      }
      before = current;
      next = Settings.of(secret);
      current = next;
      currentVersion = version;
    }
    if (before != null && !before.equals(next)) {
      listeners.forEach(l -> l.accept(next));
    }
    return next;
  }

  /** Called with the new settings when they change (every Business is reconciled again by the event source). */
  public void onChange(Consumer<Settings> listener) {
    listeners.add(listener);
  }

  /** The decoded values; {@code toString} names the keys only. */
  public record Settings(Map<String, String> values) {
    static Settings of(Secret secret) {
      Map<String, String> values = new HashMap<>();
      if (secret != null && secret.getData() != null) {
        secret.getData().forEach((k, v) -> values.put(k,
            new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8).trim()));
      }
      if (secret != null && secret.getStringData() != null) {
        values.putAll(secret.getStringData());
      }
      values.values().removeIf(String::isEmpty);
      return new Settings(Map.copyOf(values));
    }

    public Optional<String> get(String key) {
      return Optional.ofNullable(values.get(key));
    }

    /** The keys of {@code required} that are missing. */
    public List<String> missing(String... required) {
      return java.util.Arrays.stream(required).filter(k -> !values.containsKey(k)).toList();
    }

    /** The values of these keys only, to tell whether a system's settings changed. */
    public Map<String, String> only(String... keys) {
      Map<String, String> subset = new HashMap<>();
      for (String k : keys) {
        if (values.containsKey(k)) {
          subset.put(k, values.get(k));
        }
      }
      return subset;
    }

    @Override
    public String toString() {
      return "Settings" + new java.util.TreeSet<>(values.keySet());
    }
  }
}
