package com.qastco.voice.runtime.catalog;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/** A catalog entry as a client sends it; which fields are required depends on the kind. */
@Serdeable
public record CatalogItemRequest(
    @NotNull CatalogKind kind,
    @NotBlank @Size(max = 120) String name,
    @Size(max = 1000) String description,
    @DecimalMin("0.00") @DecimalMax("99999999.99") @Digits(integer = 8, fraction = 2) BigDecimal price,
    @Min(5) @Max(480) Integer durationMinutes,
    Priority priority,
    Boolean available) {

  /** The rules that depend on the kind, in words a person can act on. */
  String kindProblem() {
    return switch (kind) {
      case MENU_ITEM -> price == null ? "price is required for a menu item" : null;
      case SERVICE -> price == null || durationMinutes == null
          ? "price and durationMinutes are required for a service" : null;
      case SUPPORT_CATEGORY -> priority == null ? "priority is required for a support category" : null;
    };
  }
}
