package com.qastco.voice.runtime.status;

import com.qastco.voice.runtime.billing.StripeConfig;
import com.qastco.voice.runtime.outbox.ErpnextConfig;
import com.qastco.voice.runtime.telephony.TwilioConfig;
import com.qastco.voice.runtime.ultravox.UltravoxConfig;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's own health for the public status page: the runtime (its database and Redis) and each external
 * system the platform is configured with, probed in the background by one cheap read each (so visitors never make
 * the platform call anyone), the last answer kept. Systems the platform does not use are not shown. What a probe
 * found goes to the log; the page says only operational, degraded or down.
 */
@Singleton
public class PlatformStatus {
  private static final Logger LOG = LoggerFactory.getLogger(PlatformStatus.class);

  public enum State { OPERATIONAL, UNKNOWN, DEGRADED, DOWN }

  /** A part of the platform as the page shows it; {@code since}: when it came into this state. */
  public record Component(String name, String description, State state, Instant checkedAt, Instant since) {}

  private record Probe(String name, String description, Callable<State> check) {}

  private final List<Probe> probes = new ArrayList<>();
  private final Map<String, Component> last = new ConcurrentHashMap<>();
  private final Clock clock;
  private final StatusConfig config;
  private final HttpClient http;

  public PlatformStatus(DataSource database, StatefulRedisConnection<String, String> redis, UltravoxConfig ultravox,
                        TwilioConfig twilio, ErpnextConfig erpnext, StripeConfig stripe, StatusConfig config,
                        Clock clock) {
    this.clock = clock;
    this.config = config;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.getTimeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    probes.add(new Probe("Voice agents", "Taking calls, running tools, the dashboards", () -> {
      try (Connection c = database.getConnection()) {
        boolean pg = c.isValid((int) Math.max(1, config.getTimeout().toSeconds()));
        boolean r = "PONG".equals(redis.sync().ping());
        return pg && r ? State.OPERATIONAL : State.DOWN;
      }
    }));
    if (ultravox.configured()) {
      probes.add(new Probe("Voice provider", "Speech for web and phone calls", () -> get(
          ultravox.getBaseUrl() + "/agents?pageSize=1", Map.of("X-API-Key", ultravox.getApiKey()))));
    }
    if (twilio.canUseRestApi()) {
      String basic = Base64.getEncoder().encodeToString((twilio.getAccountSid() + ":" + twilio.getAuthToken())
          .getBytes(StandardCharsets.UTF_8));
      probes.add(new Probe("Telephony", "Phone numbers, transfers and text messages", () -> get(
          twilio.getApiUrl() + "/2010-04-01/Accounts/" + twilio.getAccountSid() + "/Messages.json?PageSize=1",
          Map.of("Authorization", "Basic " + basic))));
    }
    if (erpnext.configured()) {
      Map<String, String> headers = new java.util.HashMap<>(Map.of("Authorization", "token " + erpnext.getApiKey()
          + ":" + erpnext.getApiSecret()));
      if (erpnext.getSite() != null) {
        headers.put("X-Frappe-Site-Name", erpnext.getSite());
      }
      probes.add(new Probe("ERPNext", "Orders, appointments and tickets in the businesses' ERP",
          () -> get(erpnext.getUrl().replaceAll("/+$", "") + "/api/method/ping", headers)));
    }
    if (stripe.configured()) {
      probes.add(new Probe("Billing", "Plans, invoices and usage (Stripe)", () -> get(
          (stripe.getApiBase() == null ? "https://api.stripe.com" : stripe.getApiBase().replaceAll("/+$", ""))
              + "/v1/billing/meters?limit=1",
          Map.of("Authorization", "Bearer " + stripe.getApiKey()))));
    }
    Instant now = clock.instant();
    probes.forEach(p -> last.put(p.name(), new Component(p.name(), p.description(), State.UNKNOWN, null, now)));
  }

  /** Every part, in the page's order, as last probed. */
  public List<Component> components() {
    return probes.stream().map(p -> last.get(p.name())).toList();
  }

  /** The worst state of any part (unknown until each was probed once). */
  public State overall() {
    return components().stream().map(Component::state).max(Enum::compareTo).orElse(State.OPERATIONAL);
  }

  @Scheduled(fixedDelay = "${voice.status.interval:30s}", initialDelay = "1s")
  public void refresh() {
    for (Probe probe : probes) {
      State state;
      try {
        state = probe.check().call();
      } catch (Exception e) {
        LOG.warn("Status probe of {} failed: {}", probe.name(), e.toString());
        state = State.DOWN;
      }
      Instant now = clock.instant();
      State found = state;
      last.compute(probe.name(), (name, before) -> new Component(name, probe.description(), found, now,
          before != null && before.state() == found ? before.since() : now));
    }
  }

  /**
   * One read: 2xx or a rate limit (it answered) is operational; credentials refused, or any other 4xx, is
   * degraded (reachable, but the platform's calls would fail); 5xx, a timeout or no connection is down.
   */
  private State get(String url, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(config.getTimeout()).GET()
        .header("Accept", "application/json");
    headers.forEach(request::header);
    int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    if (status >= 200 && status < 300 || status == 429) {
      return State.OPERATIONAL;
    }
    LOG.warn("Status probe {} answered {}", URI.create(url).getHost(), status);
    return status >= 500 ? State.DOWN : State.DEGRADED;
  }
}
