package com.qastco.voice.integrations.erpnext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qastco.voice.integrations.fakes.FrappeFake;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrappeClientTest {
  private final FrappeFake fake = new FrappeFake();
  private final FrappeClient erp = new FrappeClient(URI.create(fake.baseUrl()), FrappeFake.API_KEY,
      FrappeFake.API_SECRET, "erp.example", Duration.ofSeconds(2));

  @AfterEach
  void stop() {
    fake.close();
  }

  private static Map<String, Object> company(String name, String abbr) {
    return Map.of("company_name", name, "abbr", abbr, "default_currency", "EUR", "country", "Germany");
  }

  @Test
  void errorsAreDecodedIntoTheirTypeAndTheFirstServerMessage() {
    erp.insert("Company", company("Acme Dental", "AD"));

    assertThatThrownBy(() -> erp.insert("Company", company("Acme Dental", "AD2")))
        .isInstanceOfSatisfying(FrappeException.class, e -> {
          assertThat(e.isDuplicate()).isTrue();
          assertThat(e.getMessage()).isEqualTo("ERPNext answered 409 DuplicateEntryError: Company Acme Dental already"
              + " exists");
        });
    assertThatThrownBy(() -> erp.insert("Company", company("Acme Two", "AD")))
        .isInstanceOfSatisfying(FrappeException.class, e -> {
          assertThat(e.status()).isEqualTo(417);
          assertThat(e.getMessage()).contains("Abbreviation already used for another company");
          assertThat(e.retryable()).isFalse();
        });
  }

  @Test
  void missingDocumentsAreEmptyAndListsFilter() {
    erp.insert("Company", Map.of("company_name", "A", "abbr", "A1", "default_currency", "USD",
        "country", "United States", "voice_business_id", "b-1"));
    erp.insert("Company", company("B", "B1"));

    assertThat(erp.get("Company", "Nope")).isEmpty();
    assertThat(erp.get("Company", "A")).get().extracting(d -> d.path("abbr").asText()).isEqualTo("A1");
    assertThat(erp.list("Company", List.of(List.of("voice_business_id", "=", "b-1")), List.of("name")))
        .singleElement().extracting(d -> d.path("name").asText()).isEqualTo("A");
  }

  @Test
  void aWrongTokenIsRefusedAndNotRetried() {
    FrappeClient wrong = new FrappeClient(URI.create(fake.baseUrl()), "k", "leaky-secret", null,
        Duration.ofSeconds(2));

    assertThatThrownBy(() -> wrong.get("Company", "A"))
        .isInstanceOfSatisfying(FrappeException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).doesNotContain("leaky-secret");
        });
  }

  @Test
  void sendsTheSiteHeader() {
    erp.get("Company", "A");
    assertThat(fake.requests()).allSatisfy(r -> assertThat(r.getHeader("X-Frappe-Site-Name"))
        .isEqualTo("erp.example"));
  }
}
