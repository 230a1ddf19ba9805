package com.qastco.voice.integrations.fakes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.List;

/**
 * A WireMock server whose answers come from Java code keeping state (documents, agents, customers), so a fake
 * behaves like the real system across requests. WireMock still journals every request, and stubs of higher
 * priority inject faults (503, 429 with Retry-After, delays) on top of the state.
 */
public abstract class StatefulFake implements AutoCloseable {
  protected static final ObjectMapper JSON = new ObjectMapper();
  private static final String DISPATCH = "stateful-dispatch";
  protected final WireMockServer server;
  private volatile Duration latency = Duration.ZERO;

  protected StatefulFake() {
    server = new WireMockServer(options().dynamicPort().containerThreads(200).asynchronousResponseEnabled(true)
        .asynchronousResponseThreads(50).extensions(new Dispatcher()));
    server.start();
    routeToState();
  }

  /** The answer of the system's state to a request. */
  protected abstract ResponseDefinitionBuilder handle(Request request);

  public String baseUrl() {
    return "http://localhost:" + server.port();
  }

  /** Every answer comes at least this late (a loaded system), until set back to zero. */
  public void answerAfter(Duration delay) {
    this.latency = delay;
  }

  /** Clears injected faults and the request journal; the state stays. */
  public void heal() {
    server.resetAll();
    routeToState();
  }

  /** Every request from now on gets this answer (a 503, say) until {@link #heal()}. */
  public void failEverything(ResponseDefinitionBuilder answer) {
    server.stubFor(any(anyUrl()).atPriority(1).willReturn(answer));
  }

  public List<LoggedRequest> requests() {
    return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()));
  }

  protected static ResponseDefinitionBuilder json(int status, Object body) {
    try {
      return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
          .withBody(JSON.writeValueAsString(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  protected static ResponseDefinitionBuilder delayed(ResponseDefinitionBuilder answer, Duration delay) {
    return delay.isZero() ? answer : answer.withFixedDelay((int) delay.toMillis());
  }

  private void routeToState() {
    server.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().withTransformers(DISPATCH)));
  }

  @Override
  public void close() {
    server.stop();
  }

  private final class Dispatcher implements ResponseDefinitionTransformerV2 {
    @Override
    public ResponseDefinition transform(ServeEvent event) {
      ResponseDefinition answer;
      synchronized (StatefulFake.this) {
        answer = handle(event.getRequest()).build();
      }
      Integer delay = answer.getFixedDelayMilliseconds();
      long atLeast = latency.toMillis();
      return delay != null && delay >= atLeast || atLeast == 0 ? answer
          : ResponseDefinitionBuilder.like(answer).withFixedDelay((int) atLeast).build();
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return DISPATCH;
    }
  }
}
