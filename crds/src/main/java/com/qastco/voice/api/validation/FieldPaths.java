package com.qastco.voice.api.validation;

/** Field paths written as kubectl prints them: {@code spec.hours.weekly[0].open}. */
final class FieldPaths {
  private FieldPaths() {}

  static String fromJsonPath(String jsonPath) {
    String path = jsonPath.startsWith("$") ? jsonPath.substring(1) : jsonPath;
    return path.startsWith(".") ? path.substring(1) : path;
  }

  static String child(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }

  static String item(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
