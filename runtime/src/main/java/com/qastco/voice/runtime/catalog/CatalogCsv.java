package com.qastco.voice.runtime.catalog;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.micronaut.validation.validator.Validator;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a catalog from CSV with the header {@code kind,name,description,price,duration_minutes,priority}. Every
 * row is checked like an API request; all problems are reported at once, by line, and nothing is returned unless
 * every row is good.
 */
@Singleton
public class CatalogCsv {
  private static final CsvMapper CSV = new CsvMapper();
  private final Validator validator;

  public CatalogCsv(Validator validator) {
    this.validator = validator;
  }

  /** The rows, or the reasons they are refused. */
  public record Parsed(List<CatalogItemRequest> items, List<String> problems) {}

  public Parsed parse(Reader reader) {
    List<CatalogItemRequest> items = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (MappingIterator<Map<String, String>> rows = CSV.readerFor(Map.class)
        .with(CsvSchema.emptySchema().withHeader()).readValues(reader)) {
      int line = 1;
      while (rows.hasNext()) {
        line++;
        Map<String, String> row = rows.next();
        try {
          CatalogItemRequest item = toRequest(row);
          List<String> rowProblems = validator.validate(item).stream().map(CatalogCsv::describe).sorted()
              .collect(Collectors.toList());
          if (rowProblems.isEmpty() && item.kindProblem() != null) {
            rowProblems.add(item.kindProblem());
          }
          int lineNumber = line;
          rowProblems.forEach(p -> problems.add("line " + lineNumber + ": " + p));
          if (rowProblems.isEmpty()) {
            items.add(item);
          }
        } catch (IllegalArgumentException e) {
          problems.add("line " + line + ": " + e.getMessage());
        }
      }
    } catch (IOException | RuntimeException e) {
      problems.add("not a readable CSV file: " + e.getMessage());
    }
    return new Parsed(problems.isEmpty() ? items : List.of(), problems);
  }

  private static CatalogItemRequest toRequest(Map<String, String> row) {
    String kind = blankToNull(row.get("kind"));
    if (kind == null) {
      throw new IllegalArgumentException("kind is missing (menu_item, service or support_category)");
    }
    CatalogKind parsedKind = switch (kind) {
      case "menu_item" -> CatalogKind.MENU_ITEM;
      case "service" -> CatalogKind.SERVICE;
      case "support_category" -> CatalogKind.SUPPORT_CATEGORY;
      default -> throw new IllegalArgumentException("unknown kind '" + kind
          + "' (menu_item, service or support_category)");
    };
    String priority = blankToNull(row.get("priority"));
    return new CatalogItemRequest(parsedKind, row.get("name"), blankToNull(row.get("description")),
        number(row.get("price"), "price", BigDecimal::new), number(row.get("duration_minutes"), "duration_minutes",
        Integer::valueOf),
        priority == null ? null : Priority.valueOf(priority.toUpperCase(Locale.ROOT)), true);
  }

  private static <T> T number(String value, String field, java.util.function.Function<String, T> parse) {
    String trimmed = blankToNull(value);
    try {
      return trimmed == null ? null : parse.apply(trimmed);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " '" + trimmed + "' is not a number");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String describe(ConstraintViolation<?> violation) {
    return violation.getPropertyPath() + " " + violation.getMessage();
  }
}
