package com.qastco.voice.operator.external;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The platform's connection settings for the external systems: one Secret in the operator's namespace, watched,
 * so that configuring a system (or rotating its credentials) takes effect without a restart. A system whose
 * settings are missing is off, and each Business's condition says so.
 *
 * <p>Keys: {@code redis-url}; {@code erpnext-url}, {@code erpnext-api-key}, {@code erpnext-api-secret},
 * {@code erpnext-site}; {@code ultravox-url}, {@code ultravox-api-key}, {@code ultravox-webhook-secret};
 * {@code stripe-url}, {@code stripe-api-key}, {@code stripe-price-starter}, {@code stripe-price-professional},
 * {@code stripe-price-enterprise}.
 */
public final class PlatformSecret implements AutoCloseable {
  private final String name;
  private final SharedIndexInformer<Secret> informer;
  private final List<Consumer<Settings>> listeners = new CopyOnWriteArrayList<>();
  private volatile Settings current = new Settings(Map.of());

  public PlatformSecret(KubernetesClient client, String namespace, String name) {
    this.name = name;
    this.informer = client.secrets().inNamespace(namespace).withName(name).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Secret secret) {
        update(secret);
      }

      @Override
      public void onUpdate(Secret before, Secret after) {
        update(after);
      }

      @Override
      public void onDelete(Secret secret, boolean unknownFinalState) {
        update(null);
      }
    });
    // Parts read the settings on the first reconcile; an unsynced view would call every system NotConfigured.
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
    while (!informer.hasSynced() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  public String name() {
    return name;
  }

  public Settings current() {
    return current;
  }

  /** Called with the new settings whenever they change. */
  public void onChange(Consumer<Settings> listener) {
    listeners.add(listener);
  }

  private synchronized void update(Secret secret) {
    Settings next = Settings.of(secret);
    if (!next.equals(current)) {
      current = next;
      listeners.forEach(l -> l.accept(next));
    }
  }

  @Override
  public void close() {
    informer.close();
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
