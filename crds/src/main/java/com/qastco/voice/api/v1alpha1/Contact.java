package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record Contact(
    @Required @Size(max = 254) @Pattern(Validation.EMAIL) String email,
    @Size(max = 16) @Pattern(Validation.E164) String phone) {}
