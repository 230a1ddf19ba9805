package com.qastco.voice.runtime.events;

import com.qastco.voice.runtime.tenants.Tenant;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.sse.Event;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * Server-sent events: everything that happens at a Business (for its dashboard, with the secret key; one session's
 * stream is {@code SessionEventsController}'s). A client that reconnects with {@code Last-Event-ID} gets what it
 * missed first.
 */
@Controller("/api/v1")
public class LiveEventsController {
  private static final java.time.Duration KEEP_ALIVE = java.time.Duration.ofSeconds(15);
  private final LiveEventBus events;

  public LiveEventsController(LiveEventBus events) {
    this.events = events;
  }

  @Operation(summary = "Live events of the Business (server-sent events)")
  @Get(value = "/events", produces = MediaType.TEXT_EVENT_STREAM)
  public Publisher<Event<LiveEvent>> business(@Parameter(hidden = true) Tenant tenant,
                                              @Nullable @Header("Last-Event-ID") String lastEventId) {
    return withKeepAlive(events.stream(tenant, lastEventId, e -> true));
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
