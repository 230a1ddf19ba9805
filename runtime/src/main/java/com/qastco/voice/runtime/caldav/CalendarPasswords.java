package com.qastco.voice.runtime.caldav;

import com.qastco.voice.runtime.tenants.Tenant;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The calendars' passwords, one Secret per resource in {@code voice.calendars.credentials-namespace}, labelled with
 * the Business it belongs to; a Secret of another Business under the same name is never read as this one's.
 */
@Singleton
public class CalendarPasswords {
  static final String BUSINESS_LABEL = "voice.qastco.com/business-id";
  private final KubernetesClient kubernetes;
  private final CalendarsConfig config;

  public CalendarPasswords(KubernetesClient kubernetes, CalendarsConfig config) {
    this.kubernetes = kubernetes;
    this.config = config;
  }

  static String name(UUID resource) {
    return "calendar-" + resource;
  }

  public void store(Tenant tenant, UUID resource, String password) {
    Secret secret = new SecretBuilder().withNewMetadata().withName(name(resource))
        .withNamespace(config.getCredentialsNamespace())
        .withLabels(Map.of(BUSINESS_LABEL, tenant.businessId().toString(), "app.kubernetes.io/managed-by",
            "voice-runtime")).endMetadata()
        .withType("Opaque").withData(Map.of("password", Base64.getEncoder().encodeToString(password.getBytes(
            StandardCharsets.UTF_8)))).build();
    kubernetes.secrets().inNamespace(config.getCredentialsNamespace()).resource(secret).createOr(
        existing -> existing.update());
  }

  public Optional<String> password(Tenant tenant, UUID resource) {
    Secret secret = kubernetes.secrets().inNamespace(config.getCredentialsNamespace()).withName(name(resource)).get();
    if (secret == null || secret.getMetadata().getLabels() == null || secret.getData() == null
        || !tenant.businessId().toString().equals(secret.getMetadata().getLabels().get(BUSINESS_LABEL))
        || !secret.getData().containsKey("password")) {
      return Optional.empty();
    }
    return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get("password")),
        StandardCharsets.UTF_8));
  }

  public void remove(UUID resource) {
    kubernetes.secrets().inNamespace(config.getCredentialsNamespace()).withName(name(resource)).delete();
  }
}
