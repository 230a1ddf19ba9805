package com.qastco.voice.api.validation;

/** One reason a manifest is refused: the field (as kubectl prints it) and what is wrong with it. */
public record Violation(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
