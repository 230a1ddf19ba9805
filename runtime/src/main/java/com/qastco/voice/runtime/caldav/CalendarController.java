package com.qastco.voice.runtime.caldav;

import com.qastco.voice.runtime.tenants.Tenant;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import java.util.UUID;

/** A resource's own CalDAV calendar, synced both ways: connect, see how syncing goes, sync now, disconnect. */
@Controller("/api/v1/resources/{id}/calendar")
@Validated
public class CalendarController {
  private final ResourceCalendars calendars;
  private final CalendarSync sync;

  public CalendarController(ResourceCalendars calendars, CalendarSync sync) {
    this.calendars = calendars;
    this.sync = sync;
  }

  @Put
  public ResourceCalendars.Status connect(@Parameter(hidden = true) Tenant tenant, UUID id,
                                          @Body @Valid ResourceCalendars.Request request) {
    return calendars.connect(tenant, id, request);
  }

  @Get
  public ResourceCalendars.Status status(@Parameter(hidden = true) Tenant tenant, UUID id) {
    return calendars.status(tenant, id).orElseThrow(() -> CalendarSync.notConnected(id));
  }

  /** Reads the calendar now rather than at its next turn (after a change the owner made in it). */
  @Post("/sync")
  public ResourceCalendars.Status syncNow(@Parameter(hidden = true) Tenant tenant, UUID id) {
    sync.syncNow(tenant, id);
    return status(tenant, id);
  }

  @Delete
  public HttpResponse<Void> disconnect(@Parameter(hidden = true) Tenant tenant, UUID id) {
    if (!calendars.disconnect(tenant, id)) {
      throw CalendarSync.notConnected(id);
    }
    return HttpResponse.noContent();
  }
}
