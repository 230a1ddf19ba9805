package com.qastco.voice.runtime.activity;

import com.qastco.voice.runtime.activity.SessionHistory.Session;
import com.qastco.voice.runtime.api.Page;
import com.qastco.voice.runtime.storage.Listing;
import com.qastco.voice.runtime.tenants.Tenant;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.UUID;

/** The tenant's voice sessions, newest first, with their transcripts once the call has ended. */
@Controller("/api/v1/sessions")
@Validated
public class SessionsController {
  private final SessionHistory sessions;

  public SessionsController(SessionHistory sessions) {
    this.sessions = sessions;
  }

  @Get
  public Page<Session> list(@Parameter(hidden = true) Tenant tenant, @QueryValue @Nullable String status,
                            @QueryValue @Nullable String from, @QueryValue @Nullable String to,
                            @QueryValue(defaultValue = "50") @Min(1) @Max(200) int limit,
                            @QueryValue(defaultValue = "0") @Min(0) int offset,
                            @QueryValue @Nullable String outcome) {
    return sessions.list(tenant, new Listing.Filter(status, from, to, limit, offset), outcome);
  }

  @Get("/{id}")
  public Session get(@Parameter(hidden = true) Tenant tenant, UUID id) {
    return sessions.get(tenant, id);
  }
}
