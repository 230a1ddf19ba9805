package com.qastco.voice.runtime.catalog;

import io.micronaut.serde.annotation.Serdeable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A menu item, service or support category of one Business. */
@Serdeable
public record CatalogItem(UUID id, CatalogKind kind, String name, String description, BigDecimal price,
                          Integer durationMinutes, Priority priority, boolean available, Instant createdAt,
                          Instant updatedAt) {}
