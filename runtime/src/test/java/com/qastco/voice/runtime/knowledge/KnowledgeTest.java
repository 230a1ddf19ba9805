package com.qastco.voice.runtime.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestHttp;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.tools.ToolCalls;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A Business's own answers: kept through its API, searched by its agent, seen by nobody else. */
@MicronautTest
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class KnowledgeTest implements RuntimeTest {
  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  TenantDatabase database;

  private Answer api(Registered business, MutableHttpRequest<?> request) {
    return TestHttp.send(http, request.header("Host", business.host()).header("Authorization", business.bearer()));
  }

  private Answer add(Registered business, String title, String body) {
    Answer created = api(business, HttpRequest.POST("/api/v1/knowledge", Map.of("title", title, "body", body)));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created;
  }

  @Test
  void theAgentAnswersFromTheBusinesssOwnEntriesNamingTheOneItUsed() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    add(mario, "Gluten-free pizza", "Every pizza can be made on a gluten-free base for $3 more.");
    add(mario, "Parking", "Free parking behind the shop, entrance on Elm Street.");
    add(mario, "Delivery area", "We deliver within 5 miles; pizzas arrive hot in 30 minutes.");
    ToolCalls call = ToolCalls.startWithoutCatalog(http, mario);

    Answer glutenFree = call.tool("search_knowledge", Map.of("question", "do you have gluten free pizza"));
    Answer parking = call.tool("search_knowledge", Map.of("question", "Where can I park?"));
    Answer nothing = call.tool("search_knowledge", Map.of("question", "do you sell bicycles"));

    assertThat(glutenFree.get("ok")).isEqualTo(true);
    assertThat(glutenFree.get("say")).isEqualTo("Every pizza can be made on a gluten-free base for $3 more.");
    assertThat(glutenFree.get("source")).isEqualTo("Gluten-free pizza");
    assertThat(parking.get("source")).isEqualTo("Parking"); // "park" stems to what "parking" does
    assertThat(nothing.get("found")).isEqualTo(false);
    assertThat(nothing.get("say")).asString().startsWith("I don't have information about that.");
  }

  @Test
  void entriesAreEditedDeletedAndImportedFromAFile() {
    Registered clinic = TestTenants.register(directory, "dr-smith.yaml", false);
    String id = add(clinic, "Insurance", "We take most plans.").get("id").toString();

    Answer edited = api(clinic, HttpRequest.PUT("/api/v1/knowledge/" + id, Map.of("title", "Insurance",
        "body", "We take Aetna and Cigna, not Medicaid.")));
    Answer imported = api(clinic, HttpRequest.POST("/api/v1/knowledge/import?name=clinic.md",
        "# Fasting\nNo food 8 hours before a blood test.\n\n# Results\nResults come by e-mail within 3 days.\n")
        .contentType(MediaType.TEXT_PLAIN_TYPE));
    Answer found = api(clinic, HttpRequest.GET("/api/v1/knowledge/search?q=medicaid"));
    Answer deleted = api(clinic, HttpRequest.DELETE("/api/v1/knowledge/" + id));

    assertThat(edited.get("body")).isEqualTo("We take Aetna and Cigna, not Medicaid.");
    assertThat(imported.status()).isEqualTo(201);
    assertThat(imported.get("created")).isEqualTo(2);
    assertThat(found.toString()).contains("Insurance");
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(api(clinic, HttpRequest.GET("/api/v1/knowledge/" + id)).status()).isEqualTo(404);
    assertThat(api(clinic, HttpRequest.GET("/api/v1/knowledge")).get("total")).isEqualTo(2);
  }

  @Test
  void badEntriesAreRefusedWithTheProblemNamedAndNothingWritten() {
    Registered support = TestTenants.register(directory, "techsupport.yaml", false);

    List<Answer> refused = List.of(
        api(support, HttpRequest.POST("/api/v1/knowledge", Map.of("body", "no title"))),
        api(support, HttpRequest.POST("/api/v1/knowledge", Map.of("title", "x".repeat(201), "body", "b"))),
        api(support, HttpRequest.POST("/api/v1/knowledge", Map.of("title", "t", "body", "b".repeat(20_001)))),
        api(support, HttpRequest.POST("/api/v1/knowledge", Map.of("title", "t", "body", "b", "kind", "poem"))),
        api(support, HttpRequest.POST("/api/v1/knowledge/import", "").contentType(MediaType.TEXT_PLAIN_TYPE)),
        // One bad section refuses the whole file: a heading whose title is too long.
        api(support, HttpRequest.POST("/api/v1/knowledge/import", "# Fine\nok\n# " + "y".repeat(250) + "\ntext\n")
            .contentType(MediaType.TEXT_PLAIN_TYPE)),
        api(support, HttpRequest.GET("/api/v1/knowledge/search?q=")));

    assertThat(refused).extracting(Answer::status).containsOnly(400);
    assertThat(refused.get(0).toString()).contains("title must be 1 to 200 characters");
    assertThat(refused.get(2).toString()).contains("body must be 1 to 20000 characters");
    assertThat(refused.get(3).toString()).contains("kind must be faq or document");
    assertThat(refused.get(5).toString()).contains("Section 2");
    assertThat(api(support, HttpRequest.GET("/api/v1/knowledge")).get("total")).isEqualTo(0);
    assertThat(api(support, HttpRequest.PUT("/api/v1/knowledge/" + UUID.randomUUID(),
        Map.of("title", "t", "body", "b"))).status()).isEqualTo(404);
  }

  @Test
  void anotherBusinessCanNeitherReadNorSearchNorChangeTheEntries() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    String id = add(mario, "Secret recipe", "Our sauce has a pinch of nutmeg.").get("id").toString();
    Registered other = TestTenants.register(directory, "mario-pizza.yaml", false);
    ToolCalls otherCall = ToolCalls.startWithoutCatalog(http, other);

    assertThat(api(other, HttpRequest.GET("/api/v1/knowledge/" + id)).status()).isEqualTo(404);
    assertThat(api(other, HttpRequest.PUT("/api/v1/knowledge/" + id, Map.of("title", "t", "body", "b")))
        .status()).isEqualTo(404);
    assertThat(api(other, HttpRequest.DELETE("/api/v1/knowledge/" + id)).status()).isEqualTo(404);
    assertThat(api(other, HttpRequest.GET("/api/v1/knowledge")).get("total")).isEqualTo(0);
    assertThat(api(other, HttpRequest.GET("/api/v1/knowledge/search?q=nutmeg")).toString()).doesNotContain("nutmeg");
    assertThat(otherCall.tool("search_knowledge", Map.of("question", "nutmeg sauce")).get("found")).isEqualTo(false);
    assertThat(api(mario, HttpRequest.GET("/api/v1/knowledge/" + id)).get("body"))
        .isEqualTo("Our sauce has a pinch of nutmeg.");
  }
}
