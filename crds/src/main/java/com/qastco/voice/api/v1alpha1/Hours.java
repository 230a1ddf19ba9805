package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Weekly opening hours in the business's time zone, and the days it is closed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Hours(
    @Size(max = 50)
    @JsonPropertyDescription("Opening ranges; a day may have several (lunch and dinner). Missing days are closed.")
    List<OpeningHours> weekly,

    @Size(max = 366)
    List<Closure> closures) {}
