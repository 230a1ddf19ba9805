package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A tool of the Business's own: the platform calls its URL with the agent's arguments, signed with the
 * Business's webhook secret (from its credentials Secret, never the spec), and the agent says the answer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomTool(
    @Required @Size(min = 2, max = 40) @Pattern(Validation.TOOL_NAME)
    @JsonPropertyDescription("What the agent calls it: lower case, digits and _ (check_stock). Not one of the"
        + " platform's own tools.")
    String name,

    @Required @Size(min = 10, max = 500)
    @JsonPropertyDescription("When the agent should use it and what it gives back; the agent reads this.")
    String description,

    @Required @Size(max = 2048) @Pattern(Validation.HTTPS_URL)
    @JsonPropertyDescription("Your https endpoint on a public address; the platform POSTs each call to it.")
    String url,

    ToolParameters parameters,

    @Min(1) @Max(10) @Default("5")
    @JsonPropertyDescription("Seconds the endpoint has to answer before the agent tells the caller it could not.")
    Integer timeoutSeconds) {

  public int timeoutSecondsOrDefault() {
    return timeoutSeconds == null ? 5 : timeoutSeconds;
  }
}
