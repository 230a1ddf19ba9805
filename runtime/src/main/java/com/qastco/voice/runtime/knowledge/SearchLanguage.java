package com.qastco.voice.runtime.knowledge;

import com.qastco.voice.runtime.tenants.Tenant;
import java.util.Locale;
import java.util.Map;

/**
 * The PostgreSQL text-search configuration for a Business's language (its stemming and stop words), from the
 * configurations every PostgreSQL ships; a language without one is searched word for word ({@code simple}).
 */
final class SearchLanguage {
  private static final Map<String, String> CONFIGS = Map.ofEntries(Map.entry("ar", "arabic"),
      Map.entry("ca", "catalan"), Map.entry("da", "danish"), Map.entry("de", "german"), Map.entry("el", "greek"),
      Map.entry("en", "english"), Map.entry("es", "spanish"), Map.entry("eu", "basque"),
      Map.entry("fi", "finnish"), Map.entry("fr", "french"), Map.entry("ga", "irish"), Map.entry("hi", "hindi"),
      Map.entry("hu", "hungarian"), Map.entry("hy", "armenian"), Map.entry("id", "indonesian"),
      Map.entry("it", "italian"), Map.entry("lt", "lithuanian"), Map.entry("ne", "nepali"),
      Map.entry("nl", "dutch"), Map.entry("no", "norwegian"), Map.entry("nb", "norwegian"),
      Map.entry("pt", "portuguese"), Map.entry("ro", "romanian"), Map.entry("ru", "russian"),
      Map.entry("sr", "serbian"), Map.entry("sv", "swedish"), Map.entry("ta", "tamil"),
      Map.entry("tr", "turkish"), Map.entry("yi", "yiddish"));

  private SearchLanguage() {}

  static String of(Tenant tenant) {
    String tag = tenant.spec().locale() == null ? null : tenant.spec().locale().language();
    if (tag == null) {
      return "english";
    }
    return CONFIGS.getOrDefault(tag.split("-")[0].toLowerCase(Locale.ROOT), "simple");
  }
}
