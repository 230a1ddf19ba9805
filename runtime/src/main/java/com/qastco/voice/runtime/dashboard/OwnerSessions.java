package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.web.Hosts;
import com.qastco.voice.runtime.web.WebSessions;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who is signed in to the dashboard of the request's host: an owner's session of that very Business (a session of
 * another Business, even on its own host, is nobody here).
 */
@Singleton
public class OwnerSessions {
  static final String KIND = "owner";
  private final Hosts hosts;
  private final WebSessions sessions;

  public OwnerSessions(Hosts hosts, WebSessions sessions) {
    this.hosts = hosts;
    this.sessions = sessions;
  }

  public record Owner(Tenant tenant, WebSessions.WebSession session) {}

  public Tenant tenant(HttpRequest<?> request) {
    return hosts.tenant(request.getHeaders().get("Host")).orElseThrow(() ->
        ApiException.notFound("No business is served at this address"));
  }

  public Optional<Owner> owner(HttpRequest<?> request) {
    Tenant tenant = tenant(request);
    return sessions.current(request, KIND).filter(s -> tenant.businessId().equals(s.businessId()))
        .map(s -> new Owner(tenant, s));
  }

  /** The signed-in owner for a form or script post; refused without one. */
  public Owner required(HttpRequest<?> request) {
    return owner(request).orElseThrow(() -> ApiException.unauthorized("Sign in to the dashboard first"));
  }

  /** What every dashboard page's frame needs. */
  public static Map<String, Object> frame(Owner owner, String tab) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("name", owner.tenant().displayName());
    params.put("tab", tab);
    params.put("csrf", owner.session().csrf());
    params.put("kind", kind(owner.tenant()));
    params.put("url", owner.tenant().url());
    return params;
  }

  public static String kind(Tenant tenant) {
    return tenant.spec().type() == null ? "custom" : tenant.spec().type().name().toLowerCase(java.util.Locale.ROOT);
  }
}
