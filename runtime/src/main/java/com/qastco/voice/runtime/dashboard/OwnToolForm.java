package com.qastco.voice.runtime.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.qastco.voice.api.v1alpha1.CustomTool;
import com.qastco.voice.api.v1alpha1.ToolParameters;
import com.qastco.voice.integrations.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One of the Business's own tools as the dashboard edits it: the arguments as the JSON Schema object text the
 * agent reads, each argument's schema checked against JSON Schema 2020-12 (the CRD keeps them free-form).
 *
 * @param original the tool's name before this edit; blank for a new tool
 */
public record OwnToolForm(String original, String name, String description, String url, String timeoutSeconds,
                          String parameters) {
  private static final JsonSchema META = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
      .getSchema(SchemaLocation.of(SchemaId.V202012));
  static final String EXAMPLE_PARAMETERS = "{\"type\": \"object\", \"properties\": {\"sku\": {\"type\": \"string\","
      + " \"description\": \"The product's code\"}}, \"required\": [\"sku\"]}";

  public static OwnToolForm of(CustomTool tool) {
    return new OwnToolForm(tool.name(), tool.name(), tool.description(), tool.url(),
        Integer.toString(tool.timeoutSecondsOrDefault()), tool.parameters() == null ? "" : Json.write(
            tool.parameters()));
  }

  public static OwnToolForm blank() {
    return new OwnToolForm("", "", "", "https://", "5", EXAMPLE_PARAMETERS);
  }

  public static OwnToolForm posted(Map<String, String> form) {
    return new OwnToolForm(form.getOrDefault("original", "").trim(), form.getOrDefault("name", "").trim(),
        form.getOrDefault("description", "").trim(), form.getOrDefault("url", "").trim(),
        form.getOrDefault("timeoutSeconds", "5").trim(), form.getOrDefault("parameters", "").trim());
  }

  /** What the CRD cannot say: the timeout is a number, the arguments are JSON and each one's schema is valid. */
  public Map<String, String> ownErrors() {
    Map<String, String> errors = new LinkedHashMap<>();
    if (!timeoutSeconds.matches("\\d{1,2}")) {
      errors.put("timeoutSeconds", "The timeout is a whole number of seconds, 1 to 10");
    }
    if (!parameters.isEmpty()) {
      try {
        JsonNode tree = Json.tree(parameters);
        if (!tree.isObject()) {
          errors.put("parameters", "The arguments are a JSON Schema object, such as " + EXAMPLE_PARAMETERS);
        } else if (!tree.path("properties").isMissingNode() && !tree.path("properties").isObject()) {
          errors.put("parameters", "The arguments' properties are an object: each argument's name to its schema");
        } else if (tree.properties().stream().anyMatch(f -> !List.of("type", "properties", "required")
            .contains(f.getKey()))) {
          errors.put("parameters", "The arguments hold only type, properties and required");
        } else {
          tree.path("properties").fields().forEachRemaining(p -> {
            Set<ValidationMessage> problems = META.validate(p.getValue());
            if (!problems.isEmpty()) {
              errors.putIfAbsent("parameters", "The schema of argument " + p.getKey() + " is not valid JSON Schema: "
                  + problems.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; ")));
            }
          });
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        errors.put("parameters", "The arguments are not JSON: " + e.getOriginalMessage());
      }
    }
    return errors;
  }

  /** The tool as the spec holds it; call after {@link #ownErrors()} found nothing. */
  public CustomTool tool() {
    ToolParameters parsed = null;
    if (!parameters.isEmpty()) {
      parsed = Json.MAPPER.convertValue(Json.MAPPER.valueToTree(read(parameters)), ToolParameters.class);
    }
    return new CustomTool(name, description, url, parsed, Integer.parseInt(timeoutSeconds));
  }

  /** {@code tools} with this one added, or put in place of its original. */
  public List<CustomTool> into(List<CustomTool> tools) {
    List<CustomTool> next = new ArrayList<>();
    boolean replaced = false;
    for (CustomTool t : tools) {
      if (!original.isEmpty() && t.name().equals(original)) {
        next.add(tool());
        replaced = true;
      } else {
        next.add(t);
      }
    }
    if (!replaced) {
      next.add(tool());
    }
    return next;
  }

  private static Object read(String json) {
    try {
      return Json.tree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
