package com.qastco.voice.runtime.tenants;

import com.qastco.voice.api.credentials.ApiKey;
import com.qastco.voice.api.credentials.Credentials;
import com.qastco.voice.api.credentials.CredentialsLocation;
import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessStatus;
import com.qastco.voice.api.telephony.PhoneNumberAssignments;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Every Business and its API keys, kept current by informers (on Businesses and on the operator's credentials
 * Secrets), so a request never waits on the API server. A host belongs to the Business whose status lists it:
 * the operator has already settled contested hosts. A key is found by its SHA-256, as the Secret records it.
 */
@Context
public class TenantDirectory {
  static final String CREDENTIALS_SELECTOR =
      "app.kubernetes.io/managed-by=voice-operator,voice.qastco.com/component=credentials";
  private static final String BY_HOST = "by-host";
  private static final String BY_KEY_HASH = "by-key-hash";
  private static final String BY_ID = "by-id";

  private final SharedIndexInformer<Business> businesses;
  private final SharedIndexInformer<Secret> credentials;
  private final SharedIndexInformer<ConfigMap> phoneNumbers;
  private volatile PhoneNumberAssignments assigned = PhoneNumberAssignments.NONE;
  private final Clock clock;

  private final CredentialsLocation location;

  public TenantDirectory(KubernetesClient client, Clock clock, PlatformConfig platform) {
    this.clock = clock;
    this.location = new CredentialsLocation(platform.getCredentialsNamespace());
    String namespace = client.getNamespace();
    businesses = client.resources(Business.class).inNamespace(namespace).runnableInformer(0);
    businesses.addIndexers(Map.of(
        BY_HOST, b -> b.getStatus() == null || b.getStatus().hosts() == null ? List.of()
            : b.getStatus().hosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList(),
        BY_ID, b -> b.getStatus() == null || b.getStatus().businessId() == null ? List.of()
            : List.of(b.getStatus().businessId())));
    credentials = client.secrets().inNamespace(location.namespaceOf(namespace)).withLabelSelector(CREDENTIALS_SELECTOR)
        .runnableInformer(0);
    credentials.addIndexers(Map.of(BY_KEY_HASH, s -> Credentials.read(s)
        .map(c -> c.keys().stream().map(ApiKey::sha256).toList()).orElse(List.of())));
    phoneNumbers = client.configMaps().inNamespace(namespace).withName(PhoneNumberAssignments.CONFIG_MAP)
        .runnableInformer(0);
    phoneNumbers.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap map) {
        assigned = PhoneNumberAssignments.of(map);
      }

      @Override
      public void onUpdate(ConfigMap before, ConfigMap after) {
        assigned = PhoneNumberAssignments.of(after);
      }

      @Override
      public void onDelete(ConfigMap map, boolean unknownFinalState) {
        assigned = PhoneNumberAssignments.NONE;
      }
    });
    businesses.run();
    credentials.run();
    phoneNumbers.run();
  }

  /** The Business serving {@code host} (a Host header; any port is ignored). */
  public Optional<Tenant> byHost(String host) {
    if (host == null) {
      return Optional.empty();
    }
    String name = host.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
    return businesses.getIndexer().byIndex(BY_HOST, name).stream().findFirst().flatMap(Tenant::of);
  }

  /**
   * The Business answering calls to {@code number} (E.164): the one the platform assigned it to. What a Business
   * lists in its spec claims nothing, so no sign-up can take another's calls.
   */
  public Optional<Tenant> byPhoneNumber(String number) {
    return assignments().businessOf(number).flatMap(id -> {
      try {
        return byId(UUID.fromString(id));
      } catch (IllegalArgumentException e) {
        return Optional.empty(); // a value that is no business id (a typo by hand) routes nowhere
      }
    });
  }

  /** The numbers the platform assigned to a Business. */
  public List<String> phoneNumbers(Tenant tenant) {
    return assignments().numbersOf(tenant.businessId().toString());
  }

  public PhoneNumberAssignments assignments() {
    return assigned;
  }

  /** The Business with this business id (as events from outside name it). */
  public Optional<Tenant> byId(UUID businessId) {
    return businesses.getIndexer().byIndex(BY_ID, businessId.toString()).stream().findFirst().flatMap(Tenant::of);
  }

  /** A key that is valid now: current, or rotated out and still inside its grace period. */
  public record KeyMatch(Tenant tenant, ApiKey.KeyType type, String keyId) {}

  public Optional<KeyMatch> byKey(String presented) {
    String hash = ApiKey.sha256(presented);
    for (Secret secret : credentials.getIndexer().byIndex(BY_KEY_HASH, hash)) {
      Optional<ApiKey> key = Credentials.read(secret).stream().flatMap(c -> c.keys().stream())
          .filter(k -> k.sha256().equals(hash))
          .filter(k -> k.isCurrent() || k.expiresAt().isAfter(clock.instant()))
          .findFirst();
      Map<String, String> labels = secret.getMetadata().getLabels();
      String business = labels.get("voice.qastco.com/business");
      String namespace = labels.getOrDefault("voice.qastco.com/business-namespace",
          secret.getMetadata().getNamespace());
      Optional<Tenant> tenant = Optional.ofNullable(businesses.getIndexer().getByKey(namespace + "/" + business))
          .flatMap(Tenant::of)
          .filter(t -> location.nameOf(t.namespace(), t.name()).equals(secret.getMetadata().getName()));
      if (key.isPresent() && tenant.isPresent()) {
        return Optional.of(new KeyMatch(tenant.get(), key.get().type(), key.get().id()));
      }
    }
    return Optional.empty();
  }

  /** The credentials of a Business as its Secret holds them now. */
  public Optional<Credentials> credentials(Tenant tenant) {
    return Optional.ofNullable(credentials.getIndexer().getByKey(location.namespaceOf(tenant.namespace()) + "/"
        + location.nameOf(tenant.namespace(), tenant.name()))).flatMap(Credentials::read);
  }

  /**
   * Whether a Business, provisioned or not, already has this name or claims this subdomain: read from the informer's
   * cache, so a sign-up form checking as its owner types costs the API server nothing.
   */
  public boolean claimed(String subdomain) {
    return businesses.getStore().list().stream().anyMatch(b -> b.getMetadata().getName().equals(subdomain)
        || b.getSpec() != null && subdomain.equals(b.getSpec().subdomain()));
  }

  public List<Tenant> all() {
    return businesses.getStore().list().stream().flatMap(b -> Tenant.of(b).stream()).toList();
  }

  /**
   * Calls {@code listener} for each Business that is Ready: those already Ready when this runtime starts, then each
   * one as it becomes Ready. On the informer's thread: the listener must be quick and must not throw.
   */
  public void onReady(java.util.function.Consumer<Business> listener) {
    businesses.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Business business) {
        if (ready(business)) {
          listener.accept(business);
        }
      }

      @Override
      public void onUpdate(Business before, Business after) {
        if (ready(after) && !ready(before)) {
          listener.accept(after);
        }
      }

      @Override
      public void onDelete(Business business, boolean unknownFinalState) {
      }
    });
  }

  /** Every Business in the namespace as the informer holds it, provisioned or not, deleted or not yet. */
  public List<Business> businesses() {
    return businesses.getStore().list();
  }

  /** Calls {@code listener} with each Business as it is now, when it appears and on every change (informer thread). */
  public void onEach(java.util.function.Consumer<Business> listener) {
    businesses.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Business business) {
        listener.accept(business);
      }

      @Override
      public void onUpdate(Business before, Business after) {
        listener.accept(after);
      }

      @Override
      public void onDelete(Business business, boolean unknownFinalState) {
      }
    });
  }

  /** Calls {@code listener} with each Business once it is gone from the API server (informer thread). */
  public void onDeleted(java.util.function.Consumer<Business> listener) {
    businesses.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Business business) {
      }

      @Override
      public void onUpdate(Business before, Business after) {
      }

      @Override
      public void onDelete(Business business, boolean unknownFinalState) {
        listener.accept(business);
      }
    });
  }

  /** Calls {@code listener} with each Business's state before and after each change (on the informer's thread). */
  public void onChange(java.util.function.BiConsumer<Business, Business> listener) {
    businesses.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Business business) {
      }

      @Override
      public void onUpdate(Business before, Business after) {
        listener.accept(before, after);
      }

      @Override
      public void onDelete(Business business, boolean unknownFinalState) {
      }
    });
  }

  private static boolean ready(Business business) {
    return business.getStatus() != null && business.getStatus().phase() == BusinessStatus.Phase.Ready;
  }

  @PreDestroy
  void stop() {
    businesses.stop();
    credentials.stop();
    phoneNumbers.stop();
  }
}
