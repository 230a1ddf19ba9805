package com.qastco.voice.runtime.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.Notifications.StaffEvent;
import com.qastco.voice.integrations.Json;
import com.qastco.voice.runtime.tenants.Tenant;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The staff's and the owner's e-mails as pure functions of the event: no SMTP, no database. */
class StaffNoticesTest {
  private static Tenant tenant(String example) throws Exception {
    Business b = Serialization.unmarshal(Files.newInputStream(Path.of("../examples", example)), Business.class);
    return new Tenant(UUID.randomUUID(), "voice", b.getMetadata().getName(), b.getSpec().subdomain(),
        "https://" + b.getSpec().subdomain() + ".voice.example", b.getSpec(), null, null);
  }

  @Test
  void onlyACallbackRequestIsAHandOverStaffAreMailedAbout() {
    assertThat(StaffNotices.kind("handover.requested", Map.of("status", "callback_requested")))
        .contains(StaffEvent.HANDOVERS);
    assertThat(StaffNotices.kind("handover.requested", Map.of("status", "transferring"))).isEmpty();
    assertThat(StaffNotices.kind("handover.ended", Map.of("status", "answered"))).isEmpty();
    assertThat(StaffNotices.kind("call.completed", Map.of())).isEmpty();
    assertThat(StaffNotices.kind("order.placed", Map.of())).contains(StaffEvent.ORDERS);
  }

  @Test
  void anAppointmentIsShownInTheBusinesssTimeZoneAndMissingDetailsAreLeftOut() throws Exception {
    Tenant clinic = tenant("dr-smith.yaml");
    var payload = Json.tree("{\"service\": \"Blood Test\", \"startsAt\": \"2026-12-08T15:30:00Z\","
        + " \"customer\": {\"name\": \"Cy\", \"phone\": null}}");

    Notice notice = StaffNotices.of(clinic, "desk@drsmith.example", "appointment.booked", payload).orElseThrow();

    String local = java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", java.util.Locale.ENGLISH)
        .format(java.time.Instant.parse("2026-12-08T15:30:00Z").atZone(clinic.zone()));
    assertThat(notice.subject()).isEqualTo("New appointment: Blood Test, " + local);
    assertThat(notice.rows()).extracting(Notice.Row::label).containsExactly("Service", "When", "Caller");
    assertThat(notice.text()).contains("Service  Blood Test", "When     " + local,
        "https://" + clinic.subdomain() + ".voice.example/admin/activity#appointments",
        "desk@drsmith.example is listed to hear of appointments");
  }

  @Test
  void anEventWithoutAnEMailGivesNone() throws Exception {
    assertThat(StaffNotices.of(tenant("mario-pizza.yaml"), "a@b.example", "invoice.finalized", Json.tree("{}")))
        .isEmpty();
  }

  @Test
  void theOwnersPaymentNoticeLinksToStripesInvoiceAndNamesTheAmount() throws Exception {
    Tenant mario = tenant("mario-pizza.yaml");
    var payload = Json.tree("{\"number\": \"INV-0042\", \"amount\": \"USD 49.00\","
        + " \"hostedUrl\": \"https://invoice.stripe.example/i/42\"}");

    Notice notice = OwnerNotices.of(mario, "orders@mariospizza.example", OwnerNotices.PAYMENT_FAILED, payload)
        .orElseThrow();

    assertThat(notice.subject()).isEqualTo("A payment for Mario's Pizza Palace failed");
    assertThat(notice.link()).isEqualTo("https://invoice.stripe.example/i/42");
    assertThat(notice.text()).contains("INV-0042", "USD 49.00", "grace period",
        "orders@mariospizza.example is the contact address");
    assertThat(OwnerNotices.of(mario, "o@x.example", "owner.unknown", payload)).isEmpty();
  }
}
