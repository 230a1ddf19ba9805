package com.qastco.voice.runtime.activity;

import com.qastco.voice.runtime.activity.TicketRepository.Ticket;
import com.qastco.voice.runtime.api.Page;
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

/** The tenant's support tickets: listed, read, and moved through open → in_progress → resolved → closed. */
@Controller("/api/v1/tickets")
@Validated
public class TicketsController {
  private final TicketRepository tickets;

  public TicketsController(TicketRepository tickets) {
    this.tickets = tickets;
  }

  @Serdeable
  public record StatusChange(@NotBlank String status) {}

  @Get
  public Page<Ticket> list(@Parameter(hidden = true) Tenant tenant, @QueryValue @Nullable String status,
                           @QueryValue @Nullable String from, @QueryValue @Nullable String to,
                           @QueryValue(defaultValue = "50") @Min(1) @Max(200) int limit,
                           @QueryValue(defaultValue = "0") @Min(0) int offset) {
    return tickets.list(tenant, new Listing.Filter(status, from, to, limit, offset));
  }

  @Get("/{number}")
  public Ticket get(@Parameter(hidden = true) Tenant tenant, long number) {
    return tickets.get(tenant, number);
  }

  @Patch("/{number}")
  public Ticket changeStatus(@Parameter(hidden = true) Tenant tenant, long number, @Body @Valid StatusChange change) {
    return tickets.changeStatus(tenant, number, change.status());
  }
}
