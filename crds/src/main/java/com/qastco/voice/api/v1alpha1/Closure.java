package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A day the business is closed (holiday), YYYY-MM-DD in its time zone. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Closure(
    @Required @Pattern(Validation.DATE) String date,
    @Size(max = 200) String reason) {}
