package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record BusinessLocale(
    @Size(max = 35) @Pattern(Validation.LANGUAGE_TAG) @Default("en")
    @JsonPropertyDescription("BCP 47 language tag, e.g. en-US.")
    String language,

    @Size(max = 64) @Pattern(Validation.TIME_ZONE) @Default("UTC")
    @JsonPropertyDescription("IANA time zone, e.g. America/New_York; opening hours are read in it.")
    String timeZone,

    @Pattern(Validation.COUNTRY) @Default("US")
    @JsonPropertyDescription("ISO 3166-1 alpha-2 country code.")
    String country,

    @Pattern(Validation.CURRENCY) @Default("USD")
    @JsonPropertyDescription("ISO 4217 currency code for prices and orders.")
    String currency) {}
