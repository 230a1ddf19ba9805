package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record Integration(@Default("true") Boolean enabled, @Default("Retain") DeletionPolicy deletionPolicy) {

  public enum DeletionPolicy {
    @JsonProperty("Retain") RETAIN,
    @JsonProperty("Delete") DELETE
  }
}
