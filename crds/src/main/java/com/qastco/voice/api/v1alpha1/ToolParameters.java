package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/**
 * A custom tool's arguments as a JSON Schema object. Each property's own schema is free JSON Schema (2020-12),
 * checked by the platform when the spec is saved from the dashboard and when the tool is first used.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.required)"
    + " || (has(self.properties) && self.required.all(r, r in self.properties))", fieldPath = ".required",
    message = "every required argument must be one of the properties")
@ValidationRule(value = "!has(self.properties) || self.properties.all(k, k.matches('" + Validation.ARGUMENT_NAME
    + "') && k != 'callId')", fieldPath = ".properties",
    message = "argument names are letters, digits and _ (up to 64, starting with a letter), and callId is the"
        + " platform's own")
public record ToolParameters(
    @Pattern("^object$") @JsonPropertyDescription("Always object.")
    String type,

    @Size(max = 20)
    @JsonPropertyDescription("Argument name to its JSON Schema, e.g. {\"sku\": {\"type\": \"string\"}}.")
    Map<String, JsonNode> properties,

    @Size(max = 20) List<@Size(max = 64) String> required) {
}
