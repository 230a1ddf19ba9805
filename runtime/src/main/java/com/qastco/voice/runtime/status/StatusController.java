package com.qastco.voice.runtime.status;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.web.Hosts;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The status page's figures for machines (a monitor, a chat bot), on the status host only. */
@Controller
@Hidden
public class StatusController {
  private final Hosts hosts;
  private final PlatformStatus status;

  public StatusController(Hosts hosts, PlatformStatus status) {
    this.hosts = hosts;
    this.status = status;
  }

  @io.micronaut.serde.annotation.Serdeable
  public record Part(String name, String state, @Nullable String checkedAt, String since) {}

  @io.micronaut.serde.annotation.Serdeable
  public record Summary(String state, List<Part> components) {}

  @Get(value = "/status.json", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<Summary> summary(@Header("Host") @Nullable String host) {
    if (!hosts.status(host)) {
      throw ApiException.notFound("The platform's status is at status." + hosts.domain());
    }
    return HttpResponse.ok(new Summary(name(status.overall()), status.components().stream().map(c -> new Part(
        c.name(), name(c.state()), c.checkedAt() == null ? null : c.checkedAt().toString(), c.since().toString()))
        .toList())).header("Cache-Control", "no-cache");
  }

  private static String name(PlatformStatus.State state) {
    return state.name().toLowerCase(Locale.ROOT);
  }
}
