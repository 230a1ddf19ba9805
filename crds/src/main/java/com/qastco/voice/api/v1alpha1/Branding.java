package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record Branding(
    @Pattern(Validation.HEX_COLOUR) String primaryColor,
    @Pattern(Validation.HEX_COLOUR) String accentColor,
    @Size(max = 2048) @Pattern(Validation.HTTPS_URL) String logoUrl,
    @Size(max = 40) String buttonText,
    @Default("true") Boolean showPoweredBy) {}
