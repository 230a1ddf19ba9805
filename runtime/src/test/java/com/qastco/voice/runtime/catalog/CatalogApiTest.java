package com.qastco.voice.runtime.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogApiTest implements RuntimeTest {
  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  Registered mario;
  Registered clinic;

  @BeforeAll
  void register() {
    mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    clinic = TestTenants.register(directory, "dr-smith.yaml", false);
  }

  @Test
  void anItemIsCreatedReadUpdatedListedAndDeleted() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    Map<String, Object> created = send(mario, HttpRequest.POST("/api/v1/catalog",
        Map.of("kind", "menu_item", "name", "Margherita Pizza", "price", "18.99")), 201);
    String id = (String) created.get("id");
    assertThat(created).containsEntry("kind", "menu_item").containsEntry("available", true)
        .doesNotContainKey("durationMinutes");

    Map<String, Object> updated = send(mario, HttpRequest.PUT("/api/v1/catalog/" + id,
        Map.of("kind", "menu_item", "name", "Margherita Pizza", "price", "19.49", "available", false)), 200);
    assertThat(updated.get("price").toString()).isEqualTo("19.49");

    Map<String, Object> page = send(mario, HttpRequest.GET("/api/v1/catalog?kind=menu_item"), 200);
    assertThat((List<?>) page.get("items")).hasSize(1);
    assertThat(page.get("total")).isEqualTo(1);

    send(mario, HttpRequest.DELETE("/api/v1/catalog/" + id), 204);
    assertThat(error(mario, HttpRequest.GET("/api/v1/catalog/" + id))).isEqualTo("404 not_found: No catalog item " + id);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      no kind                  | {"name":"Tiramisu","price":7.99}                          | kind must not be null
      unknown kind             | {"kind":"drink","name":"Cola","price":2}                  | Expected one of [service, support_category, menu_item] but was 'drink'
      blank name               | {"kind":"menu_item","name":" ","price":7.99}              | name must not be blank
      negative price           | {"kind":"menu_item","name":"Tiramisu","price":-1}         | price must be greater than or equal to 0.00
      price as text            | {"kind":"menu_item","name":"Tiramisu","price":"cheap"}    | Unable to coerce string to BigDecimal
      three decimals           | {"kind":"menu_item","name":"Tiramisu","price":7.999}      | price numeric value out of bounds
      menu item without price  | {"kind":"menu_item","name":"Tiramisu"}                    | price is required for a menu item
      service without duration | {"kind":"service","name":"Checkup","price":200}           | price and durationMinutes are required for a service
      category without priority| {"kind":"support_category","name":"Billing"}              | priority is required for a support category
      malformed JSON           | {"kind":"menu_item","name":                                | 
      """)
  void badInputIsRefusedWithAReasonAndNothingIsWritten(String why, String body, String expected) {
    long before = total(mario);

    String answer = error(mario, HttpRequest.POST("/api/v1/catalog", body).contentType(MediaType.APPLICATION_JSON));

    assertThat(answer).as(why).startsWith("400");
    if (expected != null) {
      assertThat(answer).as(why).contains(expected);
    }
    assertThat(total(mario)).isEqualTo(before);
  }

  @Test
  void aCsvCatalogIsImportedWholeOrNotAtAll() throws Exception {
    Registered clinic = TestTenants.register(directory, "dr-smith.yaml", false);
    String good = java.nio.file.Files.readString(java.nio.file.Path.of("../examples/catalogs/dr-smith.csv"));
    String bad = "kind,name,description,price,duration_minutes,priority\n"
        + "service,Checkup,,200.00,45,\n"
        + "service,Scan,,abc,30,\n"
        + "lunch,Soup,,5,,\n"
        + "service,X-ray,,90.00,,\n";

    String refused = error(clinic, HttpRequest.POST("/api/v1/catalog/import", bad).contentType("text/csv"));
    Map<String, Object> imported = send(clinic, HttpRequest.POST("/api/v1/catalog/import", good)
        .contentType("text/csv"), 201);
    String again = error(clinic, HttpRequest.POST("/api/v1/catalog/import", good).contentType("text/csv"));

    assertThat(refused).isEqualTo("400 invalid_request: line 3: price 'abc' is not a number;"
        + " line 4: unknown kind 'lunch' (menu_item, service or support_category);"
        + " line 5: price and durationMinutes are required for a service");
    assertThat(imported).containsEntry("imported", 4);
    assertThat(again).startsWith("409 conflict");
    assertThat(total(clinic)).isEqualTo(4);
  }

  @Test
  void anOversizedNameIsRefused() {
    String answer = error(mario, HttpRequest.POST("/api/v1/catalog",
        Map.of("kind", "menu_item", "name", "x".repeat(121), "price", "1")));

    assertThat(answer).isEqualTo("400 invalid_request: name size must be between 0 and 120");
  }

  @Test
  void anOversizedBodyIsRefusedBeforeItIsRead() {
    long before = total(mario);
    String huge = "{\"kind\":\"menu_item\",\"name\":\"x\",\"description\":\"" + "y".repeat(300_000) + "\"}";

    String answer = error(mario, HttpRequest.POST("/api/v1/catalog", huge).contentType(MediaType.APPLICATION_JSON));

    assertThat(answer).startsWith("413");
    assertThat(total(mario)).isEqualTo(before);
  }

  @Test
  void aDuplicateNameIsAConflict() {
    send(mario, HttpRequest.POST("/api/v1/catalog", Map.of("kind", "menu_item", "name", "Garlic Bread",
        "price", "8.99")), 201);

    assertThat(error(mario, HttpRequest.POST("/api/v1/catalog", Map.of("kind", "menu_item", "name", "garlic bread",
        "price", "9.99")))).isEqualTo("409 conflict: A menu item named 'garlic bread' already exists");
  }

  @Test
  void anotherTenantsKeyNeitherSeesNorChangesTheCatalog() {
    Map<String, Object> item = send(clinic, HttpRequest.POST("/api/v1/catalog", Map.of("kind", "service",
        "name", "Blood Test", "price", "50.00", "durationMinutes", 15)), 201);
    String id = (String) item.get("id");

    assertThat(error(mario, HttpRequest.GET("/api/v1/catalog/" + id))).startsWith("404");
    assertThat(error(mario, HttpRequest.PUT("/api/v1/catalog/" + id, Map.of("kind", "service", "name", "Hacked",
        "price", "0", "durationMinutes", 15)))).startsWith("404");
    assertThat(error(mario, HttpRequest.DELETE("/api/v1/catalog/" + id))).startsWith("404");
    Map<String, Object> marioPage = send(mario, HttpRequest.GET("/api/v1/catalog?limit=200"), 200);
    assertThat((List<?>) marioPage.get("items")).noneMatch(i -> ((Map<?, ?>) i).get("id").equals(id));

    Map<String, Object> unchanged = send(clinic, HttpRequest.GET("/api/v1/catalog/" + id), 200);
    assertThat(unchanged.get("name")).isEqualTo("Blood Test");
  }

  @Test
  void keysAreCheckedBeforeAnythingElse() {
    assertThat(error(null, HttpRequest.GET("/api/v1/catalog")))
        .isEqualTo("401 unauthorized: Missing API key: send the secret key as 'Authorization: Bearer sk_…'");
    assertThat(error(null, HttpRequest.GET("/api/v1/catalog").header("Authorization", "Bearer sk_made-up")))
        .isEqualTo("401 unauthorized: Unknown or expired API key");
    assertThat(error(null, HttpRequest.GET("/api/v1/catalog").header("Authorization",
        "Bearer " + mario.publishableKey()))).startsWith("401 unauthorized: A publishable key can only start sessions");
  }

  @Test
  void aSuspendedBusinessGetsA403AndKeepsItsData() {
    Registered suspended = TestTenants.register(directory, "techsupport.yaml", true);

    assertThat(error(suspended, HttpRequest.GET("/api/v1/catalog")))
        .startsWith("403 business_suspended: TechSupport Pro is suspended");
  }

  private long total(Registered tenant) {
    return ((Number) send(tenant, HttpRequest.GET("/api/v1/catalog"), 200).get("total")).longValue();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> send(Registered tenant, io.micronaut.http.MutableHttpRequest<?> request, int status) {
    HttpResponse<Map> response = http.toBlocking().exchange(request.header("Authorization", tenant.bearer()),
        Map.class);
    assertThat(response.code()).isEqualTo(status);
    return response.getBody().orElse(Map.of());
  }

  /** "status error: message" of a refused request. */
  private String error(Registered tenant, io.micronaut.http.MutableHttpRequest<?> request) {
    if (tenant != null) {
      request.header("Authorization", tenant.bearer());
    }
    try {
      HttpResponse<String> response = http.toBlocking().exchange(request, String.class);
      throw new AssertionError("expected a refusal, got " + response.code() + " " + response.body());
    } catch (HttpClientResponseException e) {
      Map<?, ?> body = e.getResponse().getBody(Map.class).orElse(Map.of());
      return e.code() + " " + body.get("error") + ": " + body.get("message");
    }
  }
}
