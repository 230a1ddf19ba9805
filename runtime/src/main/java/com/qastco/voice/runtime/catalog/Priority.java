package com.qastco.voice.runtime.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

@Serdeable
public enum Priority {
  @JsonProperty("low") LOW,
  @JsonProperty("medium") MEDIUM,
  @JsonProperty("high") HIGH,
  @JsonProperty("urgent") URGENT;

  String column() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
