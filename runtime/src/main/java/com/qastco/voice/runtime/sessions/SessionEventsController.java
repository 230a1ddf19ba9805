package com.qastco.voice.runtime.sessions;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.events.LiveEvent;
import com.qastco.voice.runtime.events.LiveEventBus;
import com.qastco.voice.runtime.events.LiveEventsController;
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
import java.util.UUID;
import org.reactivestreams.Publisher;

/**
 * Server-sent events of one session, for the caller's page: with the publishable key from an allowed origin (or
 * the voice page on the Business's own host). A client that reconnects with {@code Last-Event-ID} gets what it
 * missed first.
 */
@Controller("/api/v1")
public class SessionEventsController {
  private final LiveEventBus events;
  private final SessionService sessions;

  public SessionEventsController(LiveEventBus events, SessionService sessions) {
    this.events = events;
    this.sessions = sessions;
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
    Publisher<Event<LiveEvent>> stream = LiveEventsController.withKeepAlive(events.stream(caller.tenant(), lastEventId,
        e -> session.equals(e.sessionId())));
    MutableHttpResponse<Publisher<Event<LiveEvent>>> response = HttpResponse.ok(stream);
    if (caller.allowedOrigin() != null) {
      response.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, caller.allowedOrigin()).header(HttpHeaders.VARY,
          "Origin");
    }
    return response;
  }
}
