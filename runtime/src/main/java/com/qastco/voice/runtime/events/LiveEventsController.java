package com.qastco.voice.runtime.events;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.sessions.SessionService;
import com.qastco.voice.runtime.tenants.Tenant;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.sse.Event;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.UUID;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * Server-sent events: everything that happens at a Business (for its dashboard, with the secret key), or at one
 * session (for the caller's page, with the publishable key from an allowed origin). A client that reconnects with
 * {@code Last-Event-ID} gets what it missed first.
 */
@Controller("/api/v1")
public class LiveEventsController {
  private static final java.time.Duration KEEP_ALIVE = java.time.Duration.ofSeconds(15);
  private final LiveEvents events;
  private final SessionService sessions;

  public LiveEventsController(LiveEvents events, SessionService sessions) {
    this.events = events;
    this.sessions = sessions;
  }

  @Operation(summary = "Live events of the Business (server-sent events)")
  @Get(value = "/events", produces = MediaType.TEXT_EVENT_STREAM)
  public Publisher<Event<LiveEvent>> business(@Parameter(hidden = true) Tenant tenant,
                                              @Nullable @Header("Last-Event-ID") String lastEventId) {
    return withKeepAlive(events.stream(tenant, lastEventId, e -> true));
  }

  @Operation(summary = "Live events of one session (server-sent events)")
  @Get(value = "/sessions/{id}/events", produces = MediaType.TEXT_EVENT_STREAM)
  public MutableHttpResponse<Publisher<Event<LiveEvent>>> session(
      UUID id, @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
      @Nullable @Header(HttpHeaders.ORIGIN) String origin, @Nullable @Header(HttpHeaders.HOST) String host,
      @Nullable @Header("Last-Event-ID") String lastEventId, @Nullable @Header("Sec-Fetch-Site") String fetchSite) {
    // A browser sends no Origin on a same-origin GET: the voice page reading its own session's stream.
    String from = origin == null && "same-origin".equals(fetchSite) && host != null ? "//" + host : origin;
    SessionService.Caller caller = sessions.authenticate(authorization, from, host);
    if (!sessions.belongsTo(caller.tenant(), id)) {
      throw ApiException.notFound("No session " + id);
    }
    String session = id.toString();
    Publisher<Event<LiveEvent>> stream = withKeepAlive(events.stream(caller.tenant(), lastEventId,
        e -> session.equals(e.sessionId())));
    MutableHttpResponse<Publisher<Event<LiveEvent>>> response = HttpResponse.ok(stream);
    if (caller.allowedOrigin() != null) {
      response.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, caller.allowedOrigin()).header(HttpHeaders.VARY,
          "Origin");
    }
    return response;
  }

  /**
   * A {@code ready} event at once (so the client knows the stream is open, and proxies see bytes), then the events,
   * with a {@code keep-alive} every 15 s so idle connections are not cut. Neither carries an id: a client's
   * Last-Event-ID stays the last real event's.
   */
  public static Publisher<Event<LiveEvent>> withKeepAlive(Flux<LiveEvent> events) {
    return Flux.merge(Flux.just(control("ready")), events.map(LiveEventsController::sse),
        Flux.interval(KEEP_ALIVE).map(i -> control("keep-alive")));
  }

  private static Event<LiveEvent> control(String type) {
    return Event.of(new LiveEvent(null, type, null, java.time.Instant.now().toString(), java.util.Map.of()))
        .name(type);
  }

  private static Event<LiveEvent> sse(LiveEvent event) {
    return Event.of(event).id(event.id()).name(event.type());
  }
}
