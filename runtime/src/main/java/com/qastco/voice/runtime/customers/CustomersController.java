package com.qastco.voice.runtime.customers;

import com.qastco.voice.runtime.api.Page;
import com.qastco.voice.runtime.customers.CustomerRepository.Customer;
import com.qastco.voice.runtime.customers.CustomerRepository.CustomerRequest;
import com.qastco.voice.runtime.tenants.Tenant;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.UUID;

/** The tenant's customers: those the agent met on calls, and those the business adds itself. */
@Controller("/api/v1/customers")
@Validated
public class CustomersController {
  private final CustomerRepository customers;

  public CustomersController(CustomerRepository customers) {
    this.customers = customers;
  }

  @Get
  public Page<Customer> list(@Parameter(hidden = true) Tenant tenant, @QueryValue @Nullable String phone,
                             @QueryValue(defaultValue = "50") @Min(1) @Max(200) int limit,
                             @QueryValue(defaultValue = "0") @Min(0) int offset) {
    return customers.list(tenant, phone, limit, offset);
  }

  @Get("/{id}")
  public Customer get(@Parameter(hidden = true) Tenant tenant, UUID id) {
    return customers.get(tenant, id);
  }

  @Post
  public HttpResponse<Customer> create(@Parameter(hidden = true) Tenant tenant,
                                       @Body @Valid CustomerRequest request) {
    return HttpResponse.created(customers.create(tenant, request));
  }

  @Put("/{id}")
  public Customer update(@Parameter(hidden = true) Tenant tenant, UUID id, @Body @Valid CustomerRequest request) {
    return customers.update(tenant, id, request);
  }

  @Delete("/{id}")
  public HttpResponse<Void> delete(@Parameter(hidden = true) Tenant tenant, UUID id) {
    customers.delete(tenant, id);
    return HttpResponse.noContent();
  }
}
