package com.qastco.voice.runtime.sessions;

import com.qastco.voice.runtime.api.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Options;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Starts a voice session: from a web page with the publishable key (only from the Business's allowed origins,
 * CORS answered per Business) or from a server with the secret key.
 */
@Controller("/api/v1/sessions")
public class SessionController {
  private final SessionService sessions;

  public SessionController(SessionService sessions) {
    this.sessions = sessions;
  }

  /**
   * The channel is always {@code web} here: phone calls start from Twilio's webhook, and test sessions (never billed,
   * never refused after hours) only from the dashboard's tool tester, so no key can make a free session.
   */
  @Serdeable
  public record StartRequest(@Nullable @Pattern(regexp = "web", message = "channel must be \"web\" (test sessions"
      + " start from the dashboard's tool tester)") String channel,
                             @Nullable @Size(max = 64) String caller) {}

  @Post
  public HttpResponse<SessionService.Started> start(@Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization,
                                                    @Header(HttpHeaders.ORIGIN) @Nullable String origin,
                                                    @Header(HttpHeaders.HOST) @Nullable String host,
                                                    @Body @Valid @Nullable StartRequest request) {
    SessionService.Caller caller = sessions.authenticate(authorization, origin, host);
    SessionService.Started started = sessions.start(caller.tenant(), "web",
        request == null ? null : request.caller(), null);
    return cors(HttpResponse.created(started), caller.allowedOrigin());
  }

  /** The browser's preflight: allowed only for an origin the Business listed. */
  @Options
  public HttpResponse<Void> preflight(@Header(HttpHeaders.ORIGIN) @Nullable String origin,
                                      @Header(HttpHeaders.HOST) @Nullable String host) {
    String allowed = sessions.allowedOriginForHost(host, origin)
        .orElseThrow(() -> ApiException.forbidden("origin_not_allowed",
            "This site is not allowed to start sessions for this business"));
    return cors(HttpResponse.<Void>status(HttpStatus.NO_CONTENT), allowed)
        .header(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "POST")
        .header(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type")
        .header(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600");
  }

  private static <T> MutableHttpResponse<T> cors(MutableHttpResponse<T> response, @Nullable String origin) {
    if (origin != null) {
      response.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin).header(HttpHeaders.VARY, "Origin");
    }
    return response;
  }
}
