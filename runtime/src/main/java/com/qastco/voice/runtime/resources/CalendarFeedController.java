package com.qastco.voice.runtime.resources;

import com.qastco.voice.runtime.web.Hosts;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The calendar feed a member of staff subscribes to, on the Business's own host. A token of another Business, or
 * one replaced or deleted, is a plain 404: nothing says whether it ever existed.
 */
@Controller("/calendar")
@Hidden
public class CalendarFeedController {
  private static final MediaType CALENDAR = MediaType.of("text/calendar;charset=utf-8");
  private final Hosts hosts;
  private final ResourceFeeds feeds;

  public CalendarFeedController(Hosts hosts, ResourceFeeds feeds) {
    this.hosts = hosts;
    this.feeds = feeds;
  }

  @Get("/{file}")
  public HttpResponse<String> feed(String file, @Header("Host") String host) {
    if (!file.endsWith(".ics") || file.length() > 100) {
      return HttpResponse.notFound();
    }
    String token = file.substring(0, file.length() - ".ics".length());
    return hosts.tenant(host).flatMap(tenant -> feeds.calendar(tenant, token))
        .<HttpResponse<String>>map(ics -> HttpResponse.ok(ics).contentType(CALENDAR)
            .header("Cache-Control", "private, max-age=300"))
        .orElseGet(HttpResponse::notFound);
  }
}
