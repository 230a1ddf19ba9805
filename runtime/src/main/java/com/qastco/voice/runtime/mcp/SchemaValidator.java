package com.qastco.voice.runtime.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The MCP SDK's schema check on the validator the rest of the runtime uses (json-schema-validator 1.5); the SDK's
 * own Jackson 2 binding brings version 2, which cannot sit beside it on one class path.
 */
final class SchemaValidator implements JsonSchemaValidator {
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private final ObjectMapper json;

  SchemaValidator(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public ValidationResponse validate(Map<String, Object> schema, Object content) {
    Set<ValidationMessage> problems = FACTORY.getSchema(json.valueToTree(schema)).validate(json.valueToTree(content));
    if (problems.isEmpty()) {
      return ValidationResponse.asValid(null);
    }
    return ValidationResponse.asInvalid(problems.stream().map(ValidationMessage::getMessage).sorted()
        .collect(Collectors.joining("; ")));
  }
}
