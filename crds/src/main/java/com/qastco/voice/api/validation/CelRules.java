package com.qastco.voice.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CRD's {@code x-kubernetes-validations}, compiled once and evaluated with cel-java as the API server
 * evaluates them: {@code self} is the node the rule sits on, {@code oldSelf} the same node of the stored
 * object, and a transition rule (one that names {@code oldSelf}) runs only on updates where both exist.
 */
final class CelRules {
  // has(), all(), exists(), exists_one() and map() are macros; the API server has them all.
  private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setStandardMacros(dev.cel.parser.CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN)
      .addVar("oldSelf", SimpleType.DYN)
      .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private final JsonNode rootSchema;
  private final Map<String, CelRuntime.Program> programs = new HashMap<>();

  CelRules(JsonNode rootSchema) {
    this.rootSchema = rootSchema;
    compileAll(rootSchema);
  }

  void evaluate(JsonNode value, JsonNode old, List<Violation> out) {
    walk(rootSchema, value, old, "", out);
  }

  private void compileAll(JsonNode schema) {
    schema.path("x-kubernetes-validations").forEach(rule -> programs.computeIfAbsent(rule.get("rule").asText(),
        CelRules::compile));
    schema.path("properties").forEach(this::compileAll);
    if (schema.has("items")) {
      compileAll(schema.get("items"));
    }
  }

  private static CelRuntime.Program compile(String expression) {
    try {
      CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
      return RUNTIME.createProgram(ast);
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalStateException("CEL rule does not compile: " + expression, e);
    }
  }

  private void walk(JsonNode schema, JsonNode value, JsonNode old, String path, List<Violation> out) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      check(rule, value, old, path, out);
    }
    if (value.isObject()) {
      schema.path("properties").fields().forEachRemaining(p -> walk(p.getValue(), value.get(p.getKey()),
          old == null ? null : old.get(p.getKey()), FieldPaths.child(path, p.getKey()), out));
    } else if (value.isArray() && schema.has("items")) {
      // Items of atomic lists have no stored counterpart, so their transition rules never run.
      for (int i = 0; i < value.size(); i++) {
        walk(schema.get("items"), value.get(i), null, FieldPaths.item(path, i), out);
      }
    }
  }

  private void check(JsonNode rule, JsonNode value, JsonNode old, String path, List<Violation> out) {
    String expression = rule.get("rule").asText();
    boolean transition = expression.contains("oldSelf");
    if (transition && (old == null || old.isNull())) {
      return;
    }
    Map<String, Object> vars = new HashMap<>();
    vars.put("self", toCel(value));
    if (transition) {
      vars.put("oldSelf", toCel(old));
    }
    String field = path;
    if (rule.hasNonNull("fieldPath")) {
      String relative = rule.get("fieldPath").asText();
      field = path.isEmpty() ? relative.substring(1) : path + relative;
    }
    try {
      Object result = programs.get(expression).eval(vars);
      if (!Boolean.TRUE.equals(result)) {
        out.add(new Violation(field, "Invalid value: " + rule.path("message").asText("failed rule: " + expression)));
      }
    } catch (CelEvaluationException e) {
      // A rule that cannot be evaluated (e.g. a missing optional field) is a rejection at the API server too.
      out.add(new Violation(field, "Invalid value: " + rule.path("message").asText(expression)
          + " (" + e.getMessage() + ")"));
    }
  }

  private static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(f -> map.put(f.getKey(), toCel(f.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(toCel(item)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asText();
  }
}
