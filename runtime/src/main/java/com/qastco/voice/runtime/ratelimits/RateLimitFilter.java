package com.qastco.voice.runtime.ratelimits;

import com.qastco.voice.runtime.api.ApiError;
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

/**
 * Every API and MCP request made with a Business's key counts against that Business's and that key's limits; past
 * them the answer is 429 with Retry-After, before any work is done. Requests without a known key are left to the
 * endpoint (which refuses them); signed webhooks from Ultravox and Twilio carry no key and are not limited here.
 */
@ServerFilter({"/api/**", "/mcp"})
public class RateLimitFilter {
  private static final String BEARER = "Bearer ";
  private final TenantDirectory tenants;
  private final RateLimits limits;

  public RateLimitFilter(TenantDirectory tenants, RateLimits limits) {
    this.tenants = tenants;
    this.limits = limits;
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
        .flatMap(match -> limits.take(match.tenant(), match.keyId()))
        .map(RateLimitFilter::tooMany)
        .orElse(null);
  }

  private static HttpResponse<?> tooMany(Duration wait) {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
        .body(new ApiError("rate_limited", "Too many requests for this business or key; try again in " + seconds
            + " s"));
  }
}
