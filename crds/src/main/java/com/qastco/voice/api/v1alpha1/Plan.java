package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The subscription plan; prices and limits are platform configuration, not part of the API. */
public enum Plan {
  @JsonProperty("starter") STARTER,
  @JsonProperty("professional") PROFESSIONAL,
  @JsonProperty("enterprise") ENTERPRISE
}
