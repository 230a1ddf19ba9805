package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record Widget(
    @Size(max = 50)
    @JsonPropertyDescription("https origins (https://shop.example.com) allowed to start sessions with the publishable key.")
    List<@Size(max = 263) @Pattern(Validation.HTTPS_ORIGIN) String> allowedOrigins) {}
