package com.qastco.voice.runtime.handover;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.api.Page;
import com.qastco.voice.runtime.handover.Handovers.Handover;
import com.qastco.voice.runtime.storage.Listing;
import com.qastco.voice.runtime.tenants.Tenant;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.UUID;

/** The tenant's hand-overs and callback requests: listed, read, and a callback request marked as called back. */
@Controller("/api/v1/handovers")
@Validated
public class HandoversController {
  private final Handovers handovers;

  public HandoversController(Handovers handovers) {
    this.handovers = handovers;
  }

  @Serdeable
  public record StatusChange(@NotBlank String status) {}

  @Get
  public Page<Handover> list(@Parameter(hidden = true) Tenant tenant, @QueryValue @Nullable String status,
                             @QueryValue @Nullable String from, @QueryValue @Nullable String to,
                             @QueryValue(defaultValue = "50") @Min(1) @Max(200) int limit,
                             @QueryValue(defaultValue = "0") @Min(0) int offset) {
    return handovers.list(tenant, new Listing.Filter(status, from, to, limit, offset));
  }

  @Get("/{id}")
  public Handover get(@Parameter(hidden = true) Tenant tenant, UUID id) {
    return handovers.get(tenant, id);
  }

  @Patch("/{id}")
  public Handover changeStatus(@Parameter(hidden = true) Tenant tenant, UUID id, @Body @Valid StatusChange change) {
    if (!change.status().equals("called_back")) {
      throw ApiException.badRequest("status can only be set to called_back (on a callback request)");
    }
    return handovers.calledBack(tenant, id);
  }
}
