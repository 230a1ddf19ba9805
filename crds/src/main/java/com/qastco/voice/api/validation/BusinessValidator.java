package com.qastco.voice.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks a Business manifest the way the API server does on {@code kubectl apply}: the generated CRD's
 * OpenAPI schema, unknown fields (kubectl's strict field validation) and the CEL rules, including the
 * transition rules that compare with the stored object. The mock API server used in tests does none of
 * this, and the portal wants the same answers before it creates anything.
 */
public final class BusinessValidator {
  public static final String CRD_RESOURCE = "META-INF/fabric8/businesses.voice.qastco.com-v1.yml";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final JsonSchema schema;
  private final CelRules celRules;

  private BusinessValidator(JsonNode openApiSchema) {
    this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApiSchema);
    this.celRules = new CelRules(openApiSchema);
  }

  /** The validator for the CRD this jar was built with. */
  public static BusinessValidator fromClasspath() {
    try (InputStream in = BusinessValidator.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(CRD_RESOURCE + " is not on the classpath");
      }
      return fromCrd(YAML.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static BusinessValidator fromCrd(JsonNode crd) {
    return new BusinessValidator(crd.at("/spec/versions/0/schema/openAPIV3Schema"));
  }

  public static JsonNode parseYaml(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Validates a new object. */
  public List<Violation> validateCreate(JsonNode manifest) {
    return validate(manifest, null);
  }

  /** Validates an update of {@code old} to {@code manifest}, with the CRD's transition rules. */
  public List<Violation> validate(JsonNode manifest, JsonNode old) {
    List<Violation> violations = new ArrayList<>();
    schema.validate(manifest).forEach(m -> violations.add(
        new Violation(FieldPaths.fromJsonPath(m.getInstanceLocation().toString()), m.getMessage()
            .replaceFirst("^\\$[^:]*: ", ""))));
    UnknownFields.collect(schema.getSchemaNode(), manifest, "", violations);
    // The API server evaluates CEL only on objects that pass the schema.
    if (violations.isEmpty()) {
      celRules.evaluate(manifest, old, violations);
    }
    violations.sort(Comparator.comparing(Violation::field));
    return violations;
  }
}
