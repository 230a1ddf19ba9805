package com.qastco.voice.runtime.activity;

import com.qastco.voice.runtime.activity.OrderRepository.Order;
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

/** The tenant's orders: listed, read, and moved along (placed → preparing → ready → completed, or cancelled). */
@Controller("/api/v1/orders")
@Validated
public class OrdersController {
  private final OrderRepository orders;

  public OrdersController(OrderRepository orders) {
    this.orders = orders;
  }

  @Serdeable
  public record StatusChange(@NotBlank String status) {}

  @Get
  public Page<Order> list(@Parameter(hidden = true) Tenant tenant, @QueryValue @Nullable String status,
                          @QueryValue @Nullable String from, @QueryValue @Nullable String to,
                          @QueryValue(defaultValue = "50") @Min(1) @Max(200) int limit,
                          @QueryValue(defaultValue = "0") @Min(0) int offset) {
    return orders.list(tenant, new Listing.Filter(status, from, to, limit, offset));
  }

  @Get("/{number}")
  public Order get(@Parameter(hidden = true) Tenant tenant, long number) {
    return orders.get(tenant, number);
  }

  @Patch("/{number}")
  public Order changeStatus(@Parameter(hidden = true) Tenant tenant, long number, @Body @Valid StatusChange change) {
    return orders.changeStatus(tenant, number, change.status());
  }
}
