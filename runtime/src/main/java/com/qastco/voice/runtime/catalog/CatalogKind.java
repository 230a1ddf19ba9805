package com.qastco.voice.runtime.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

/** What a catalog entry is: a dish (restaurant), a bookable service (appointment), a ticket category (support). */
@Serdeable
public enum CatalogKind {
  @JsonProperty("menu_item") MENU_ITEM("menu_item", "menu item"),
  @JsonProperty("service") SERVICE("service", "service"),
  @JsonProperty("support_category") SUPPORT_CATEGORY("support_category", "support category");

  final String column;
  final String label;

  CatalogKind(String column, String label) {
    this.column = column;
    this.label = label;
  }

  static CatalogKind fromColumn(String value) {
    for (CatalogKind kind : values()) {
      if (kind.column.equals(value)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(value);
  }
}
