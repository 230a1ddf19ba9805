package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** One opening range on one day; hours past midnight are written as a second range on the next day. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.open < self.close", message = "opening time must be before closing time")
public record OpeningHours(
    @Required Day day,
    @Required @Pattern(Validation.TIME_OF_DAY) @JsonPropertyDescription("HH:MM, 24-hour clock.") String open,
    @Required @Pattern(Validation.TIME_OF_DAY) @JsonPropertyDescription("HH:MM, 24-hour clock; 24:00 for midnight.")
    String close) {

  public enum Day {
    @JsonProperty("monday") MONDAY,
    @JsonProperty("tuesday") TUESDAY,
    @JsonProperty("wednesday") WEDNESDAY,
    @JsonProperty("thursday") THURSDAY,
    @JsonProperty("friday") FRIDAY,
    @JsonProperty("saturday") SATURDAY,
    @JsonProperty("sunday") SUNDAY
  }
}
