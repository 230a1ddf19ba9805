package com.qastco.voice.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/** Fields the schema does not declare: the API server would drop them silently, kubectl refuses them. */
final class UnknownFields {
  private static final Set<String> OBJECT_ROOT = Set.of("apiVersion", "kind", "metadata");

  private UnknownFields() {}

  static void collect(JsonNode schema, JsonNode value, String path, List<Violation> out) {
    if (value == null || schema == null || schema.isMissingNode()) {
      return;
    }
    if (value.isObject() && schema.has("properties")) {
      JsonNode properties = schema.get("properties");
      value.fieldNames().forEachRemaining(name -> {
        if (properties.has(name)) {
          collect(properties.get(name), value.get(name), FieldPaths.child(path, name), out);
        } else if (!(path.isEmpty() && OBJECT_ROOT.contains(name))
            && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
          out.add(new Violation(FieldPaths.child(path, name), "unknown field \"" + name + "\""));
        }
      });
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        collect(schema.get("items"), value.get(i), FieldPaths.item(path, i), out);
      }
    }
  }
}
