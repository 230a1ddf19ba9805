package com.qastco.voice.runtime.activity;

import com.qastco.voice.runtime.activity.AppointmentRepository.Appointment;
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
import java.util.UUID;

/** The tenant's appointments, by start time; a booked one can be cancelled or marked completed. */
@Controller("/api/v1/appointments")
@Validated
public class AppointmentsController {
  private final AppointmentRepository appointments;

  public AppointmentsController(AppointmentRepository appointments) {
    this.appointments = appointments;
  }

  @Serdeable
  public record StatusChange(@NotBlank String status) {}

  @Get
  public Page<Appointment> list(@Parameter(hidden = true) Tenant tenant, @QueryValue @Nullable String status,
                                @QueryValue @Nullable String from, @QueryValue @Nullable String to,
                                @QueryValue(defaultValue = "50") @Min(1) @Max(200) int limit,
                                @QueryValue(defaultValue = "0") @Min(0) int offset) {
    return appointments.list(tenant, new Listing.Filter(status, from, to, limit, offset));
  }

  @Get("/{id}")
  public Appointment get(@Parameter(hidden = true) Tenant tenant, UUID id) {
    return appointments.get(tenant, id);
  }

  @Patch("/{id}")
  public Appointment changeStatus(@Parameter(hidden = true) Tenant tenant, UUID id, @Body @Valid StatusChange change) {
    return appointments.changeStatus(tenant, id, change.status());
  }
}
