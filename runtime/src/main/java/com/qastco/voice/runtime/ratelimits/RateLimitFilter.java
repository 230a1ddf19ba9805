package com.qastco.voice.runtime.ratelimits;

import com.qastco.voice.runtime.api.ApiError;
import com.qastco.voice.api.credentials.ApiKey;
import com.qastco.voice.runtime.sessions.SessionService;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Duration;
import java.util.Optional;

/**
 * Every API and MCP request made with a Business's secret key counts against that Business's and that key's limits;
 * past them the answer is 429 with Retry-After, before any work is done. Requests without a known key are left to
 * the endpoint (which refuses them); signed webhooks from Ultravox and Twilio carry no key and are not limited here.
 *
 * <p>The publishable key is public (it is in every page with the widget), so it must not spend the Business's
 * buckets, or anyone could block the Business's API and widget with it. Its requests count per client address and
 * Origin, and only once the Origin is one the Business allows: a flood from one place is refused there, and a
 * refused Origin costs nothing (the endpoint turns it away).
 */
@ServerFilter({"/api/**", "/mcp"})
public class RateLimitFilter {
  private static final String BEARER = "Bearer ";
  private final TenantDirectory tenants;
  private final RateLimits limits;
  private final SessionService sessions;
  private final ClientAddress clients;
  private final int widgetPerMinute;

  public RateLimitFilter(TenantDirectory tenants, RateLimits limits, SessionService sessions, ClientAddress clients,
                         WidgetLimitConfig widget) {
    this.tenants = tenants;
    this.limits = limits;
    this.sessions = sessions;
    this.clients = clients;
    this.widgetPerMinute = widget.getSessionsPerClientPerMinute();
  }

  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Nullable
  public HttpResponse<?> limit(HttpRequest<?> request) {
    String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.startsWith(BEARER)) {
      return null;
    }
    return tenants.byKey(authorization.substring(BEARER.length()).trim())
        .flatMap(match -> match.type() == ApiKey.KeyType.publishable ? publishable(request, match.tenant())
            : limits.take(match.tenant(), match.keyId()))
        .map(RateLimitFilter::tooMany)
        .orElse(null);
  }

  private Optional<Duration> publishable(HttpRequest<?> request, Tenant tenant) {
    String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
    if (!sessions.mayStartFrom(tenant, origin, request.getHeaders().get(HttpHeaders.HOST))) {
      return Optional.empty();
    }
    return limits.takeFor(tenant, "widget:" + origin + ":" + clients.of(request), widgetPerMinute,
        Duration.ofMinutes(1));
  }

  private static HttpResponse<?> tooMany(Duration wait) {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
        .body(new ApiError("rate_limited", "Too many requests for this business or key; try again in " + seconds
            + " s"));
  }
}
