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
      synchronized (StatefulFake.this) {
        return handle(event.getRequest()).build();
      }
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
