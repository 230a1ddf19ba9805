package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Decides which tool pack the voice agent gets. */
public enum BusinessType {
  @JsonProperty("restaurant") RESTAURANT,
  @JsonProperty("appointment") APPOINTMENT,
  @JsonProperty("support") SUPPORT,
  @JsonProperty("custom") CUSTOM
}
