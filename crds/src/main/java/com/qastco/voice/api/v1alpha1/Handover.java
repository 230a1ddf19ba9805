package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Handing a phone call over to a person: whom to ring, when, and what the caller hears meanwhile. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.staffNumbers.all(n, self.staffNumbers.exists_one(m, m == n))",
    fieldPath = ".staffNumbers", message = "each staff number may be listed once")
public record Handover(
    @Required @Size(min = 1, max = 5)
    @JsonPropertyDescription("E.164 numbers (+14155550123) rung at the same time; the first to answer takes the"
        + " call. Only numbers in the country of the Business's own numbers are dialled.")
    List<@Size(max = 16) @Pattern(Validation.E164) String> staffNumbers,

    @Default("openHours")
    @JsonPropertyDescription("openHours (the default: outside the opening hours a callback request is taken"
        + " instead) or always.")
    When allowed,

    @Size(max = 300)
    @JsonPropertyDescription("What the caller hears while the staff phones ring.")
    String message,

    @Min(10) @Max(60) @Default("20")
    @JsonPropertyDescription("Seconds the staff phones ring before the caller is offered a callback instead.")
    Integer ringSeconds) {

  public static final String DEFAULT_MESSAGE = "Please hold while I put you through to a member of our team.";

  public enum When {
    @JsonProperty("openHours") OPEN_HOURS,
    @JsonProperty("always") ALWAYS
  }

  public String messageOrDefault() {
    return message == null || message.isBlank() ? DEFAULT_MESSAGE : message;
  }

  public int ringSecondsOrDefault() {
    return ringSeconds == null ? 20 : ringSeconds;
  }

  public boolean onlyInOpenHours() {
    return allowed != When.ALWAYS;
  }
}
