package com.qastco.voice.runtime.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.api.v1alpha1.Billing;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The plans' limits exactly at their boundaries, with the platform's real plan configuration. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillingLimitsTest implements RuntimeTest {
  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  TenantDatabase database;

  private BillingFixture billing;

  @Override
  public Map<String, String> getProperties() {
    return BillingFixture.properties(RuntimeTest.super.getProperties());
  }


  private BillingFixture billing() {
    if (billing == null) {
      billing = new BillingFixture(http, directory);
    }
    return billing;
  }

  private List<Boolean> overageFlags(BillingFixture.Billed billed) {
    return database.inTenant(billed.tenant().businessId(), c -> {
      List<Boolean> flags = new ArrayList<>();
      try (ResultSet r = c.createStatement().executeQuery("SELECT overage FROM usage_ledger ORDER BY position")) {
        while (r.next()) {
          flags.add(r.getBoolean(1));
        }
      }
      return flags;
    });
  }

  @Test
  void theHundredthStarterSessionIsIncludedAndTheHundredAndFirstIsOverageOrRefusedWithAHardLimit() {
    BillingFixture.Billed soft = billing().subscribe("dr-smith.yaml", "starter", 0);
    TestTenants.editSpec(directory, soft.tenant(), s -> new BusinessSpec(s.displayName(), s.type(), s.contact(),
        s.subdomain(), s.customDomains(), s.plan(), new Billing(14, false), s.locale(), s.hours(), s.voice(),
        s.phoneNumbers(), s.widget(), s.branding(), s.notifications(), s.handover(), s.tools(), s.integrations(), s.suspended()));
    BillingFixture.Billed hard = billing().subscribe("dr-smith.yaml", "starter", 0); // hardLimit: true

    for (int i = 1; i < 100; i++) {
      assertThat(billing().call(soft.tenant()).status()).isEqualTo(201);
      assertThat(billing().call(hard.tenant()).status()).isEqualTo(201);
    }
    Answer hundredth = billing().call(soft.tenant());
    Answer hundredthHard = billing().call(hard.tenant());
    Answer hundredAndFirst = billing().call(soft.tenant());
    Answer refused = billing().call(hard.tenant());

    assertThat(hundredth.get("overage")).isEqualTo(false);
    assertThat(hundredthHard.get("overage")).isEqualTo(false);
    assertThat(hundredAndFirst.status()).isEqualTo(201);
    assertThat(hundredAndFirst.get("overage")).isEqualTo(true);
    assertThat(refused.error()).isEqualTo("402 session_limit_reached: Dr. Sarah Smith Clinic has used all 100 voice"
        + " sessions of its plan this billing period");
    List<Boolean> softLedger = overageFlags(soft);
    assertThat(softLedger).hasSize(101);
    assertThat(softLedger.subList(0, 100)).containsOnly(false);
    assertThat(softLedger.get(100)).isTrue();
    assertThat(overageFlags(hard)).hasSize(100).containsOnly(false);
    Answer statement = billing().get(soft.tenant(), "/api/v1/billing");
    assertThat(statement.body()).containsEntry("usedSessions", 101).containsEntry("overageSessions", 1)
        .containsEntry("includedSessions", 100);
    assertThat(statement.get("amountSoFar").toString()).isEqualTo("99.99");
  }

  @Test
  void twoStarterLinesTakeTwoCallsAtTheSameInstantAndRefuseTheThird() throws Exception {
    BillingFixture.Billed starter = billing().subscribe("dr-smith.yaml", "starter", 0);
    CyclicBarrier together = new CyclicBarrier(3);
    List<CompletableFuture<Answer>> starts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      starts.add(CompletableFuture.supplyAsync(() -> {
        try {
          together.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        return billing().start(starter.tenant());
      }));
    }
    List<Integer> statuses = new ArrayList<>();
    for (CompletableFuture<Answer> start : starts) {
      statuses.add(start.get().status());
    }

    assertThat(statuses).containsExactlyInAnyOrder(201, 201, 429);
  }
}
