package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record Billing(
    @Min(0) @Max(90) @Default("14")
    @JsonPropertyDescription("Free trial length in days.")
    Integer trialDays,

    @Default("false")
    @JsonPropertyDescription("Refuse new sessions past the plan's included sessions instead of billing overage.")
    Boolean hardLimit) {}
