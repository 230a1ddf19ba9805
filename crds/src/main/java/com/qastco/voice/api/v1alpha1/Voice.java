package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record Voice(
    @Size(max = 100) @JsonPropertyDescription("Voice name or id at the voice provider.") String voice,
    @Size(max = 35) @Pattern(Validation.LANGUAGE_TAG) String languageHint,
    @Size(max = 500) @JsonPropertyDescription("First sentence the agent says.") String greeting,
    @Size(max = 4000) @JsonPropertyDescription("Added to the agent's system prompt.") String extraInstructions,
    @Min(30) @Max(3600) @Default("600") @JsonPropertyDescription("Seconds before a call is ended.")
    Integer maxCallDurationSeconds,
    @Default("false") Boolean recording) {}
