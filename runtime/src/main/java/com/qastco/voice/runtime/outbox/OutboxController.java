package com.qastco.voice.runtime.outbox;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.api.Page;
import com.qastco.voice.runtime.storage.Listing;
import com.qastco.voice.runtime.tenants.Tenant;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.UUID;

/** The Business's deliveries to ERPNext and to its webhook: listed (dead letters with {@code status=dead}), read,
 * and sent again. */
@Controller("/api/v1/outbox")
@Validated
public class OutboxController {
  private final OutboxRepository repository;

  public OutboxController(OutboxRepository repository) {
    this.repository = repository;
  }

  @Get
  public Page<OutboxRepository.Entry> list(@Parameter(hidden = true) Tenant tenant,
                                           @QueryValue @Nullable String status, @QueryValue @Nullable String from,
                                           @QueryValue @Nullable String to,
                                           @QueryValue(defaultValue = "50") @Min(1) @Max(200) int limit,
                                           @QueryValue(defaultValue = "0") @Min(0) int offset) {
    return repository.list(tenant.businessId(), new Listing.Filter(status, from, to, limit, offset));
  }

  @Get("/{id}")
  public OutboxRepository.Entry get(@Parameter(hidden = true) Tenant tenant, UUID id) {
    return repository.get(tenant.businessId(), id).orElseThrow(() -> ApiException.notFound("No delivery " + id));
  }

  /** Sends a dead letter (or a delivered entry) again; a pending one is already on its way. */
  @Post("/{id}/redeliver")
  public OutboxRepository.Entry redeliver(@Parameter(hidden = true) Tenant tenant, UUID id) {
    return repository.redeliver(tenant.businessId(), id).orElseThrow(() -> repository.get(tenant.businessId(), id)
        .map(e -> ApiException.conflict("Delivery " + id + " is " + e.status() + "; only dead or delivered ones"
            + " can be sent again"))
        .orElseGet(() -> ApiException.notFound("No delivery " + id)));
  }
}
