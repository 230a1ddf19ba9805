package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record Notifications(
    @Size(max = 20) List<@Size(max = 254) @Pattern(Validation.EMAIL) String> staffEmails,
    @Size(max = 2048) @Pattern(Validation.HTTPS_URL)
    @JsonPropertyDescription("The business's own https endpoint for signed event deliveries.")
    String webhookUrl) {}
