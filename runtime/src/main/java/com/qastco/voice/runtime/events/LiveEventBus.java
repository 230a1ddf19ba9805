package com.qastco.voice.runtime.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.qastco.voice.integrations.Json;
import com.qastco.voice.runtime.tenants.Tenant;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Live events of every Business, shared by all runtime replicas through Redis: each event is appended to the
 * Business's stream ({@code business:{<business id>}:events}, the last 1,000 kept, for clients resuming after a
 * reconnect) and published on the channel of the same name. Each replica listens once to every Business's channel
 * and hands events to the listeners it serves, so any replica can serve any listener.
 */
@Singleton
public class LiveEventBus implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveEventBus.class);
  private static final String PATTERN = "business:*:events";
  private static final long KEEP = 1_000;
  private final StatefulRedisConnection<String, String> redis;
  private final StatefulRedisPubSubConnection<String, String> pubsub;
  private final Clock clock;
  private final Map<String, Sinks.Many<LiveEvent>> byChannel = new ConcurrentHashMap<>();

  private final Map<UUID, java.util.concurrent.atomic.AtomicInteger> openStreams = new ConcurrentHashMap<>();
  private final int maxStreams;

  public LiveEventBus(RedisClient client, StatefulRedisConnection<String, String> redis, Clock clock,
                      EventsConfig config) {
    this.maxStreams = config.getMaxStreamsPerBusiness();
    this.redis = redis;
    this.clock = clock;
    this.pubsub = client.connectPubSub();
    pubsub.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String pattern, String channel, String message) {
        Sinks.Many<LiveEvent> sink = byChannel.get(channel);
        if (sink != null) {
          read(message).ifPresent(sink::tryEmitNext);
        }
      }
    });
    pubsub.sync().psubscribe(PATTERN);
  }

  static String channel(Tenant tenant) {
    return tenant.redisPrefix() + "events";
  }

  /**
   * Publishes after the change it reports has committed. Live events are a view: when Redis is down the change
   * stands and the event is logged as lost, never the other way round.
   */
  public void publish(Tenant tenant, String type, UUID sessionId, Map<String, Object> data) {
    publish(tenant, sessionId, List.of(new Published(type, data)));
  }

  /** An event to publish: its type and what it carries. */
  public record Published(String type, Map<String, Object> data) {}

  /**
   * Several events of one session, in order, in one round trip: a script appends each to the stream and
   * publishes it with the id the stream gave it (one key: the Business's, so it runs on a cluster too).
   */
  public void publish(Tenant tenant, UUID sessionId, List<Published> events) {
    String key = channel(tenant);
    try {
      String at = clock.instant().toString();
      String[] args = new String[events.size() + 1];
      args[0] = Long.toString(KEEP);
      for (int i = 0; i < events.size(); i++) {
        args[i + 1] = Json.write(Map.of("type", events.get(i).type(),
            "sessionId", sessionId == null ? "" : sessionId.toString(), "at", at, "data", events.get(i).data()));
      }
      redis.sync().eval(APPEND_AND_PUBLISH, ScriptOutputType.INTEGER, new String[] {key}, args);
    } catch (RedisException e) {
      LOG.warn("Live events {} of {} not published: {}", events.stream().map(Published::type).toList(),
          tenant.name(), e.getMessage());
    }
  }

  private static final String APPEND_AND_PUBLISH = """
      for i = 2, #ARGV do
        local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'event', ARGV[i])
        redis.call('PUBLISH', KEYS[1], id .. '\\n' .. ARGV[i])
      end
      return #ARGV - 1
      """;

  /**
   * The events of a Business from now on, preceded by those after {@code lastEventId} when a client resumes.
   * Subscribed before the backlog is read, so nothing falls between the two; each event once, in id order.
   */
  public Flux<LiveEvent> stream(Tenant tenant, String lastEventId, Predicate<LiveEvent> filter) {
    String key = channel(tenant);
    // Each open stream holds a connection and a subscription: a Business gets so many on this replica, not all.
    java.util.concurrent.atomic.AtomicInteger open = openStreams.computeIfAbsent(tenant.businessId(),
        id -> new java.util.concurrent.atomic.AtomicInteger());
    if (open.incrementAndGet() > maxStreams) {
      open.decrementAndGet();
      throw new com.qastco.voice.runtime.api.ApiException(io.micronaut.http.HttpStatus.TOO_MANY_REQUESTS,
          "too_many_streams", tenant.displayName() + " has " + maxStreams + " live streams open already;"
          + " close one and try again");
    }
    java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable release = () -> {
      if (released.compareAndSet(false, true)) {
        open.decrementAndGet();
      }
    };
    return Flux.defer(() -> {
      Sinks.Many<LiveEvent> out = Sinks.many().unicast().onBackpressureBuffer();
      Object lock = new Object();
      List<LiveEvent> early = new ArrayList<>();
      String[] last = {LiveEvent.validId(lastEventId) ? lastEventId : null};
      boolean[] caughtUp = {false};
      java.util.function.Consumer<LiveEvent> emit = e -> {
        if (e.after(last[0]) && filter.test(e)) {
          last[0] = e.id();
          out.tryEmitNext(e);
        } else if (e.after(last[0])) {
          last[0] = e.id();
        }
      };
      Disposable live = sink(key).asFlux().subscribe(e -> {
        synchronized (lock) {
          if (caughtUp[0]) {
            emit.accept(e);
          } else {
            early.add(e);
          }
        }
      });
      List<LiveEvent> backlog = last[0] == null ? List.of() : backlog(key, last[0]);
      synchronized (lock) {
        backlog.forEach(emit);
        early.forEach(emit);
        caughtUp[0] = true;
      }
      return out.asFlux().doFinally(signal -> live.dispose());
    }).doFinally(signal -> release.run());
  }

  private List<LiveEvent> backlog(String key, String after) {
    try {
      List<StreamMessage<String, String>> messages = redis.sync().xrange(key,
          Range.from(Range.Boundary.excluding(after), Range.Boundary.unbounded()));
      List<LiveEvent> events = new ArrayList<>();
      for (StreamMessage<String, String> m : messages) {
        read(m.getId() + "\n" + m.getBody().get("event")).ifPresent(events::add);
      }
      return events;
    } catch (RedisException e) {
      LOG.warn("Backlog of {} not readable: {}", key, e.getMessage());
      return List.of();
    }
  }

  private Sinks.Many<LiveEvent> sink(String channel) {
    return byChannel.computeIfAbsent(channel, c -> Sinks.many().multicast().directBestEffort());
  }

  private static java.util.Optional<LiveEvent> read(String message) {
    int newline = message.indexOf('\n');
    if (newline < 0) {
      return java.util.Optional.empty();
    }
    try {
      Map<String, Object> body = Json.object(message.substring(newline + 1));
      @SuppressWarnings("unchecked")
      Map<String, Object> data = (Map<String, Object>) body.getOrDefault("data", Map.of());
      String session = (String) body.get("sessionId");
      return java.util.Optional.of(new LiveEvent(message.substring(0, newline), (String) body.get("type"),
          session == null || session.isEmpty() ? null : session, (String) body.get("at"), data));
    } catch (JsonProcessingException | ClassCastException e) {
      return java.util.Optional.empty();
    }
  }

  @PreDestroy
  @Override
  public void close() {
    pubsub.close();
  }
}
