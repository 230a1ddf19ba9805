package com.qastco.voice.runtime.sessions;

import com.qastco.voice.api.credentials.ApiKey;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.api.RetryLater;
import com.qastco.voice.runtime.billing.BillingConfig;
import com.qastco.voice.runtime.billing.BillingPeriod;
import com.qastco.voice.runtime.billing.BillingStates;
import com.qastco.voice.runtime.billing.StripeConfig;
import com.qastco.voice.runtime.plans.PlanLimit;
import com.qastco.voice.runtime.plans.PlanLimits;
import com.qastco.voice.runtime.tenants.BearerKey;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.integrations.agent.CallTemplate;
import com.qastco.voice.integrations.ultravox.UltravoxApi;
import com.qastco.voice.runtime.events.LiveEventBus;
import com.qastco.voice.runtime.ultravox.UltravoxConfig;
import io.micronaut.http.HttpStatus;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session is: a reserved slot within the plan's limits, a row in PostgreSQL with the hash of a fresh per-call
 * token, and a call at Ultravox carrying the Business's tools and that token. Either all three exist, or none:
 * when Ultravox refuses, the row and the reservation are undone and the caller gets 503 with Retry-After.
 */
@Singleton
public class SessionService {
  private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TenantDirectory tenants;
  private final PlanLimits limits;
  private final LiveSessions live;
  private final SessionRepository repository;
  private final UltravoxApi ultravox;
  private final UltravoxConfig ultravoxConfig;
  private final LiveEventBus events;
  private final Duration joinTimeout;
  /** Off: a platform that bills nobody; sessions are only held to the plan's concurrent calls. */
  private final boolean billed;

  private final java.time.Clock clock;
  private final BillingStates billing;
  private final StripeConfig stripe;

  public SessionService(TenantDirectory tenants, PlanLimits limits, LiveSessions live, SessionRepository repository,
                        UltravoxApi ultravox, UltravoxConfig ultravoxConfig, LiveEventBus events, java.time.Clock clock,
                        BillingStates billing, StripeConfig stripe,
                        SessionsConfig config, BillingConfig billingConfig) {
    this.joinTimeout = config.getJoinTimeout();
    this.billed = billingConfig.isEnabled();
    this.clock = clock;
    this.billing = billing;
    this.stripe = stripe;
    this.tenants = tenants;
    this.limits = limits;
    this.live = live;
    this.repository = repository;
    this.ultravox = ultravox;
    this.ultravoxConfig = ultravoxConfig;
    this.events = events;
  }

  /** Who asks: the Business, and the origin to allow in CORS when the publishable key was used from a page. */
  public record Caller(Tenant tenant, String allowedOrigin) {}

  @Serdeable
  public record Started(UUID sessionId, String callId, String joinUrl, boolean overage) {}

  /** A phone session's Twilio call and the Business's number that was called (Twilio's To). */
  public record PhoneCall(String callSid, String called) {}

  public Caller authenticate(String authorization, String origin, String host) {
    TenantDirectory.KeyMatch match = BearerKey.match(tenants, authorization,
        "Missing key: send 'Authorization: Bearer pk_…' from a page, or sk_… from a server");
    Tenant tenant = match.tenant();
    Optional<Tenant> hostTenant = tenants.byHost(host);
    if (hostTenant.isPresent() && !hostTenant.get().businessId().equals(tenant.businessId())) {
      throw ApiException.forbidden("wrong_business", "This key belongs to another business");
    }
    String allowedOrigin = null;
    if (match.type() == ApiKey.KeyType.publishable && !ownPage(tenant, origin, host)) {
      allowedOrigin = allowedOrigin(tenant, origin).orElseThrow(() -> ApiException.forbidden("origin_not_allowed",
          "This site is not allowed to start sessions for " + tenant.displayName()
              + "; add its https origin to spec.widget.allowedOrigins"));
    }
    if (tenant.suspended()) {
      throw ApiException.forbidden("business_suspended", tenant.displayName()
          + " is not taking calls at the moment");
    }
    return new Caller(tenant, allowedOrigin);
  }

  /** Whether a page at {@code origin} may start this Business's sessions with its publishable key. */
  public boolean mayStartFrom(Tenant tenant, String origin, String host) {
    return ownPage(tenant, origin, host) || allowedOrigin(tenant, origin).isPresent();
  }

  /** A page of the Business's own (its voice page, on any of its hosts) is same-origin; others must be listed. */
  private boolean ownPage(Tenant tenant, String origin, String host) {
    return origin != null && host != null && origin.replaceFirst("^(https?:)?//", "").equalsIgnoreCase(host)
        && tenants.byHost(host).map(t -> t.businessId().equals(tenant.businessId())).orElse(false);
  }

  public Optional<String> allowedOriginForHost(String host, String origin) {
    return tenants.byHost(host).flatMap(t -> allowedOrigin(t, origin));
  }

  private static Optional<String> allowedOrigin(Tenant tenant, String origin) {
    if (origin == null) {
      return Optional.empty();
    }
    boolean own = origin.equals(tenant.url());
    return own || tenant.allowedOrigins().contains(origin) ? Optional.of(origin) : Optional.empty();
  }

  /**
   * A canceled subscription, one paused because its trial ended without payment details, or one past due for
   * longer than the grace period takes no new sessions; nothing is deleted, and paying (Stripe then says active)
   * opens the lines again.
   */
  private void refuseUnpaid(Tenant tenant, Optional<BillingStates.State> billing) {
    billing.ifPresent(state -> {
      if (state.status().equals("canceled")) {
        throw new ApiException(HttpStatus.PAYMENT_REQUIRED, "subscription_canceled", tenant.displayName()
            + "'s subscription is canceled; no data was deleted");
      }
      if (state.status().equals("paused")) {
        throw new ApiException(HttpStatus.PAYMENT_REQUIRED, "trial_ended", tenant.displayName()
            + "'s trial has ended; calls resume once payment details are added");
      }
      if (state.pastDueSince() != null && state.pastDueSince().plus(stripe.getPastDueGrace())
          .isBefore(clock.instant())) {
        throw new ApiException(HttpStatus.PAYMENT_REQUIRED, "payment_past_due", tenant.displayName()
            + " has an unpaid invoice past its grace period; new calls resume once it is paid");
      }
    });
  }

  /**
   * @param caller the caller's number when known (Twilio's From), else null
   * @param phone Twilio's call on a phone session, else null
   */
  public Started start(Tenant tenant, String channel, String caller, PhoneCall phone) {
    if (!ultravoxConfig.configured()) {
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "voice_unavailable", "voice provider not configured");
    }
    BusinessSpec spec = tenant.spec();
    // A Business that refuses calls after hours does so on every channel (the widget and the phone say why); the
    // dashboard's tool tester opens its sessions without coming here.
    if (spec.hours() != null
        && spec.hours().refusesCallsAt(java.time.ZonedDateTime.now(clock.withZone(tenant.zone())))) {
      throw new ApiException(HttpStatus.CONFLICT, "closed", tenant.displayName() + " is closed right now. Our"
          + " opening hours are " + tenant.schedule());
    }
    Optional<BillingStates.State> state = billed ? billing.of(tenant.businessId()) : Optional.empty();
    refuseUnpaid(tenant, state);
    BillingPeriod period = BillingPeriod.containing(state, clock.instant());
    Duration maxDuration = CallTemplate.maxDuration(spec);
    PlanLimit plan = limits.of(tenant.plan());
    boolean hardLimit = billed && spec.billing() != null && Boolean.TRUE.equals(spec.billing().hardLimit());
    UUID sessionId = UUID.randomUUID();
    if (billed) {
      live.rebuildIfLost(tenant, period, () -> repository.countedIn(tenant.businessId(), period));
    }
    // Until the join and end webhooks arrive, a slot is held for as long as the call could possibly last.
    LiveSessions.Reservation reservation = live.reserve(tenant, period, sessionId, maxDuration.plus(joinTimeout),
        plan, hardLimit);
    switch (reservation.outcome()) {
      case TOO_MANY_CALLS -> throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "too_many_calls",
          "All " + plan.getConcurrentCalls() + " lines of " + tenant.displayName()
              + " are busy; please try again in a minute");
      case HARD_LIMIT -> throw new ApiException(HttpStatus.PAYMENT_REQUIRED, "session_limit_reached",
          tenant.displayName() + " has used all " + plan.getIncludedSessions()
              + " voice sessions of its plan this billing period");
      default -> { }
    }
    String token = newToken();
    try {
      repository.create(tenant.businessId(), sessionId, channel, ApiKey.sha256(token), caller, phone);
      UltravoxApi.CreatedCall call = createCall(tenant, sessionId, channel, token);
      repository.attachCall(tenant.businessId(), sessionId, call.callId());
      live.remember(tenant, sessionId, Map.of("status", "created", "callId", call.callId(), "channel", channel),
          maxDuration.plus(joinTimeout));
      Integer included = plan.getIncludedSessions();
      events.publish(tenant, "session.started", sessionId, Map.of("channel", channel, "callId", call.callId()));
      return new Started(sessionId, call.callId(), call.joinUrl(),
          billed && included != null && reservation.usedThisPeriod() > included);
    } catch (ExternalSystemException e) {
      undo(tenant, sessionId);
      LOG.warn("Session for {} not started: {}", tenant.name(), e.getMessage());
      throw voiceUnavailable(e);
    } catch (RuntimeException e) {
      undo(tenant, sessionId);
      throw e;
    }
  }

  /** Whether a session is one of this Business's. */
  public boolean belongsTo(Tenant tenant, UUID sessionId) {
    return repository.exists(tenant.businessId(), sessionId);
  }

  private void undo(Tenant tenant, UUID sessionId) {
    repository.discard(tenant.businessId(), sessionId);
    live.release(tenant, sessionId);
  }

  /**
   * From the Business's agent when the operator has made one (only the token and this call's metadata travel),
   * else with the whole template inline.
   */
  private UltravoxApi.CreatedCall createCall(Tenant tenant, UUID sessionId, String channel, String token) {
    Map<String, Object> metadata = Map.of("businessId", tenant.businessId().toString(),
        "sessionId", sessionId.toString(), "channel", channel);
    // A phone call's audio comes through Twilio's media stream; a page's through WebRTC.
    Map<String, Object> medium = "phone".equals(channel) ? Map.of("twilio", Map.of()) : Map.of("webRtc", Map.of());
    if (tenant.agentId() != null) {
      // The durations are sent again so the slot held here matches the call even if the agent is being updated.
      return ultravox.createAgentCall(tenant.agentId(), Map.of(
          "templateContext", Map.of(CallTemplate.TOKEN_VARIABLE, token),
          "metadata", metadata,
          "medium", medium,
          "maxDuration", CallTemplate.maxDuration(tenant.spec()).toSeconds() + "s",
          "joinTimeout", joinTimeout.toSeconds() + "s"));
    }
    Map<String, Object> request = CallTemplate.forCall(tenant.spec(), tenant.url(), token, joinTimeout);
    request.put("medium", medium);
    request.put("metadata", metadata);
    return ultravox.createCall(request);
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** 503 with Retry-After: nothing was started, nothing was counted. Callers hear it in their terms. */
  static RetryLater voiceUnavailable(ExternalSystemException e) {
    String what = switch (e.kind()) {
      case RATE_LIMITED -> "The voice provider is at capacity";
      case TIMEOUT -> "The voice provider did not answer in time";
      case UNREACHABLE -> "The voice provider cannot be reached";
      case FAILED -> "The voice provider failed";
      case REJECTED -> "The voice provider refused to start the call";
    };
    int seconds = e.retryAfter() != null ? (int) Math.max(1, Math.min(300, e.retryAfter().toSeconds()))
        : e.kind() == ExternalSystemException.Kind.REJECTED ? 30 : 5;
    return new RetryLater("voice_unavailable", what + "; please try again shortly", seconds);
  }
}
