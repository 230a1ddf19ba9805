package com.qastco.voice.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** What {@code kubectl apply} answers for good and bad Business manifests, checked against the generated CRD. */
class BusinessValidatorTest {
  static final BusinessValidator VALIDATOR = BusinessValidator.fromClasspath();

  @ParameterizedTest
  @ValueSource(strings = {"mario-pizza.yaml", "dr-smith.yaml", "techsupport.yaml"})
  void theDemoBusinessesAreAccepted(String file) {
    assertThat(VALIDATOR.validateCreate(example(file))).isEmpty();
  }

  static Stream<Arguments> badManifests() {
    String longLabel = "a".repeat(64);
    return Stream.of(
        bad("upper-case subdomain", "/spec/subdomain", "Mario-Pizza", "spec.subdomain", "regex"),
        bad("subdomain shorter than 3", "/spec/subdomain", "ab", "spec.subdomain", "at least 3"),
        bad("subdomain longer than 63", "/spec/subdomain", longLabel, "spec.subdomain", "at most 63"),
        bad("subdomain with underscore", "/spec/subdomain", "mario_pizza", "spec.subdomain", "regex"),
        bad("subdomain ending in a hyphen", "/spec/subdomain", "mario-", "spec.subdomain", "regex"),
        bad("reserved subdomain www", "/spec/subdomain", "www", "spec.subdomain", "reserved"),
        bad("reserved subdomain admin", "/spec/subdomain", "admin", "spec.subdomain", "reserved"),
        bad("missing subdomain", "/spec/subdomain", null, "spec", "subdomain"),
        bad("missing display name", "/spec/displayName", null, "spec", "displayName"),
        bad("unknown business type", "/spec/type", "bakery", "spec.type", "enum"),
        bad("unknown plan", "/spec/plan", "gold", "spec.plan", "enum"),
        bad("unknown records deletion policy", "/spec/dataRetention", java.util.Map.of("deletionPolicy", "Purge"),
            "spec.dataRetention.deletionPolicy", "enum"),
        bad("phone number not E.164", "/spec/phoneNumbers/0", "555-1234", "spec.phoneNumbers[0]", "regex"),
        bad("contact phone without +", "/spec/contact/phone", "14155550101", "spec.contact.phone", "regex"),
        bad("contact e-mail", "/spec/contact/email", "not-an-email", "spec.contact.email", "regex"),
        bad("custom domain with scheme", "/spec/customDomains", List.of("https://shop.example.com"),
            "spec.customDomains[0]", "regex"),
        bad("wildcard custom domain", "/spec/customDomains", List.of("*.example.com"),
            "spec.customDomains[0]", "regex"),
        bad("custom domain with port", "/spec/customDomains", List.of("shop.example.com:8443"),
            "spec.customDomains[0]", "regex"),
        bad("custom domain that is a single label", "/spec/customDomains", List.of("intranet"),
            "spec.customDomains[0]", "regex"),
        bad("plain http widget origin", "/spec/widget/allowedOrigins/0", "http://www.mariospizza.example",
            "spec.widget.allowedOrigins[0]", "regex"),
        bad("widget origin with a path", "/spec/widget/allowedOrigins/0", "https://www.mariospizza.example/menu",
            "spec.widget.allowedOrigins[0]", "regex"),
        bad("opening time 25:00", "/spec/hours/weekly/0/open", "25:00", "spec.hours.weekly[0].open", "regex"),
        bad("opening after closing", "/spec/hours/weekly/0/open", "23:00", "spec.hours.weekly[0]",
            "opening time must be before closing time"),
        bad("unknown day", "/spec/hours/weekly/0/day", "funday", "spec.hours.weekly[0].day", "enum"),
        bad("unknown after-hours choice", "/spec/hours/afterHours", "sometimes", "spec.hours.afterHours", "enum"),
        bad("closure on month 13", "/spec/hours/closures/0/date", "2026-13-01", "spec.hours.closures[0].date",
            "regex"),
        bad("colour name instead of hex", "/spec/branding/primaryColor", "red", "spec.branding.primaryColor",
            "regex"),
        bad("five-digit hex colour", "/spec/branding/accentColor", "#12345", "spec.branding.accentColor", "regex"),
        bad("logo over http", "/spec/branding/logoUrl", "http://cdn.example.com/logo.png", "spec.branding.logoUrl",
            "regex"),
        bad("webhook over http", "/spec/notifications/webhookUrl", "http://hooks.example.com",
            "spec.notifications.webhookUrl", "regex"),
        bad("staff e-mail without a domain", "/spec/notifications/staffEmails", List.of("kitchen@"),
            "spec.notifications.staffEmails[0]", "regex"),
        bad("a staff e-mail twice", "/spec/notifications/staffEmails", List.of("a@mario.example", "a@mario.example"),
            "spec.notifications.staffEmails", "each staff e-mail address may be listed once"),
        bad("unknown staff event", "/spec/notifications/staffEvents", List.of("orders", "invoices"),
            "spec.notifications.staffEvents[1]", "enum"),
        bad("a staff event twice", "/spec/notifications/staffEvents", List.of("orders", "orders"),
            "spec.notifications.staffEvents", "each kind of event may be listed once"),
        bad("a text the caller cannot get", "/spec/notifications/callerTexts", List.of("orders", "tickets"),
            "spec.notifications.callerTexts[1]", "enum"),
        bad("a caller text twice", "/spec/notifications/callerTexts", List.of("orders", "orders"),
            "spec.notifications.callerTexts", "each kind of confirmation may be listed once"),
        bad("a digest that is no boolean", "/spec/notifications/staffDigest", "daily",
            "spec.notifications.staffDigest", "boolean"),
        bad("call duration of 5 s", "/spec/voice/maxCallDurationSeconds", 5, "spec.voice.maxCallDurationSeconds",
            "minimum"),
        bad("trial of a year", "/spec/billing/trialDays", 365, "spec.billing.trialDays", "maximum"),
        bad("lower-case currency", "/spec/locale/currency", "usd", "spec.locale.currency", "regex"),
        bad("misspelt field", "/spec/subdomian", "mario-pizza", "spec.subdomian", "unknown field"),
        bad("name longer than 63", "/metadata/name", longLabel, "metadata.name", "at most 63 characters"),
        bad("staff number not E.164", "/spec/handover/staffNumbers/0", "0415 555 0101",
            "spec.handover.staffNumbers[0]", "regex"),
        bad("no staff number", "/spec/handover/staffNumbers", List.of(), "spec.handover.staffNumbers", "at least 1"),
        bad("a staff number twice", "/spec/handover/staffNumbers", List.of("+14155550101", "+14155550101"),
            "spec.handover.staffNumbers", "each staff number may be listed once"),
        bad("the business's own number as staff number", "/spec/handover/staffNumbers", List.of("+14155550100"),
            "spec.handover.staffNumbers", "must not be one of the business's own phoneNumbers"),
        bad("ringing for 5 s", "/spec/handover/ringSeconds", 5, "spec.handover.ringSeconds", "minimum"),
        bad("unknown hand-over hours", "/spec/handover/allowed", "weekends", "spec.handover.allowed", "enum"),
        bad("unknown deletion policy", "/spec/integrations/erpnext/deletionPolicy", "Orphan",
            "spec.integrations.erpnext.deletionPolicy", "enum"),
        bad("a tool by a built-in tool's name", "/spec/tools", List.of(tool("place_order", STOCK_URL, 5)),
            "spec.tools", "must not be one of the platform's own tools"),
        bad("two tools of one name", "/spec/tools", List.of(tool("check_stock", STOCK_URL, 5),
            tool("check_stock", STOCK_URL, 3)), "spec.tools", "each tool name may be used once"),
        bad("a tool name with capitals", "/spec/tools", List.of(tool("Check-Stock", STOCK_URL, 5)),
            "spec.tools[0].name", "regex"),
        bad("a plain http tool URL", "/spec/tools", List.of(tool("check_stock", "http://shop.example/stock", 5)),
            "spec.tools[0].url", "regex"),
        bad("a tool timeout of 30 s", "/spec/tools", List.of(tool("check_stock", STOCK_URL, 30)),
            "spec.tools[0].timeoutSeconds", "maximum"),
        bad("a required argument that is not a property", "/spec/tools", List.of(withParameters(
            java.util.Map.of("type", "object", "properties", java.util.Map.of("sku", java.util.Map.of("type",
                "string")), "required", List.of("size")))), "spec.tools[0].parameters.required",
            "every required argument must be one of the properties"),
        bad("an argument named callId", "/spec/tools", List.of(withParameters(java.util.Map.of("type", "object",
                "properties", java.util.Map.of("callId", java.util.Map.of("type", "string"))))),
            "spec.tools[0].parameters.properties", "callId is the platform's own"),
        bad("arguments that are not an object", "/spec/tools", List.of(withParameters(java.util.Map.of("type",
            "array"))), "spec.tools[0].parameters.type", "regex"),
        bad("eleven tools", "/spec/tools", java.util.stream.IntStream.range(0, 11)
            .mapToObj(i -> tool("tool_" + i, STOCK_URL, 5)).toList(), "spec.tools", "at most 10"));
  }

  private static final String STOCK_URL = "https://shop.example/tools/stock";

  private static java.util.Map<String, Object> tool(String name, String url, int timeoutSeconds) {
    return java.util.Map.of("name", name, "description", "Whether a product is in stock.", "url", url,
        "timeoutSeconds", timeoutSeconds);
  }

  private static java.util.Map<String, Object> withParameters(java.util.Map<String, Object> parameters) {
    java.util.Map<String, Object> tool = new java.util.HashMap<>(tool("check_stock", STOCK_URL, 5));
    tool.put("parameters", parameters);
    return tool;
  }

  @Test
  void aBusinesssOwnToolIsAccepted() {
    JsonNode manifest = set(example("mario-pizza.yaml"), "/spec/tools", List.of(withParameters(java.util.Map.of(
        "type", "object", "properties", java.util.Map.of("sku", java.util.Map.of("type", "string", "pattern",
            "^[A-Z0-9-]{3,20}$")), "required", List.of("sku")))));

    assertThat(VALIDATOR.validateCreate(manifest)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badManifests")
  void badManifestsAreRefusedNamingTheField(String why, String pointer, Object value, String field, String text) {
    JsonNode manifest = set(example("mario-pizza.yaml"), pointer, value);

    List<Violation> violations = VALIDATOR.validateCreate(manifest);

    assertThat(violations).as(why).isNotEmpty()
        .anySatisfy(v -> {
          assertThat(v.field()).isEqualTo(field);
          assertThat(v.toString()).contains(text);
        });
  }

  @Test
  void changingTheSubdomainIsRefused() {
    JsonNode stored = example("mario-pizza.yaml");
    JsonNode changed = set(stored.deepCopy(), "/spec/subdomain", "marios");

    assertThat(VALIDATOR.validate(changed, stored))
        .extracting(Violation::toString)
        .containsExactly("spec.subdomain: Invalid value: subdomain is immutable once set");
  }

  @Test
  void otherChangesToAStoredBusinessAreAccepted() {
    JsonNode stored = example("mario-pizza.yaml");
    JsonNode changed = set(stored.deepCopy(), "/spec/plan", "enterprise");

    assertThat(VALIDATOR.validate(changed, stored)).isEmpty();
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    JsonNode manifest = set(set(example("mario-pizza.yaml"), "/spec/plan", "gold"), "/spec/type", "bakery");

    assertThat(VALIDATOR.validateCreate(manifest)).extracting(Violation::field)
        .containsExactly("spec.plan", "spec.type");
  }

  private static Arguments bad(String why, String pointer, Object value, String field, String text) {
    return Arguments.of(why, pointer, value, field, text);
  }

  static JsonNode example(String file) {
    return BusinessValidator.parseYaml(read(Path.of("../examples", file)));
  }

  /** Sets (or with {@code null} removes) the value at a JSON pointer, creating nothing on the way. */
  static JsonNode set(JsonNode root, String pointer, Object value) {
    int cut = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, cut));
    String last = pointer.substring(cut + 1);
    JsonNode node = value == null ? null : new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(value);
    if (parent instanceof ArrayNode array) {
      array.set(Integer.parseInt(last), node);
    } else if (value == null) {
      ((ObjectNode) parent).remove(last);
    } else {
      ((ObjectNode) parent).set(last, node);
    }
    return root;
  }

  static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
