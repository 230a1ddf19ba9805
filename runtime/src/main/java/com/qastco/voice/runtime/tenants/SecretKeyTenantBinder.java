package com.qastco.voice.runtime.tenants;

import com.qastco.voice.api.credentials.ApiKey;
import com.qastco.voice.runtime.api.ApiException;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Resolves the {@link Tenant} of a server-to-server API call from {@code Authorization: Bearer sk_…}. Every
 * controller method that takes a {@code Tenant} is authenticated this way, and a suspended Business is refused.
 */
@Singleton
public class SecretKeyTenantBinder implements TypedRequestArgumentBinder<Tenant> {
  private final TenantDirectory tenants;

  public SecretKeyTenantBinder(TenantDirectory tenants) {
    this.tenants = tenants;
  }

  @Override
  public Argument<Tenant> argumentType() {
    return Argument.of(Tenant.class);
  }

  @Override
  public BindingResult<Tenant> bind(ArgumentConversionContext<Tenant> context, HttpRequest<?> source) {
    Tenant tenant = authenticate(source.getHeaders().get(HttpHeaders.AUTHORIZATION));
    return () -> Optional.of(tenant);
  }

  Tenant authenticate(String authorization) {
    TenantDirectory.KeyMatch match = BearerKey.match(tenants, authorization,
        "Missing API key: send the secret key as 'Authorization: Bearer sk_…'");
    if (match.type() != ApiKey.KeyType.secret) {
      throw ApiException.unauthorized("A publishable key can only start sessions; this endpoint needs the secret key");
    }
    if (match.tenant().suspended()) {
      throw ApiException.forbidden("business_suspended", match.tenant().displayName()
          + " is suspended: its API is closed until it is resumed; no data was deleted");
    }
    return match.tenant();
  }
}
