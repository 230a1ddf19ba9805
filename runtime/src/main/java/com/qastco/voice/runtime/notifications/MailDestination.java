package com.qastco.voice.runtime.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import com.qastco.voice.api.v1alpha1.Notifications;
import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.integrations.Json;
import com.qastco.voice.runtime.mail.Mailer;
import com.qastco.voice.runtime.outbox.AddressedDestination;
import com.qastco.voice.runtime.outbox.Outbox;
import com.qastco.voice.runtime.outbox.OutboxRepository;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.web.Pages;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * E-mail to the people of a Business, one outbox entry per recipient: the staff listed for the kind of event (minus
 * addresses that refused mail), and the owner for notices about the Business. Exists only when the platform can
 * send mail; without it nothing is queued. A 5xx for the recipient stops mail to that address (a dead letter
 * saying so); anything else (no connection, a 4xx, a timeout) is tried again by the outbox.
 */
@Singleton
@Requires(beans = Mailer.class)
public class MailDestination implements AddressedDestination {
  public static final String NAME = "mail";
  private static final String SYSTEM = "mail";
  private final Mailer mailer;
  private final Pages pages;
  private final MailSuppressions suppressions;
  private final StaffAddresses addresses;

  public MailDestination(Mailer mailer, Pages pages, MailSuppressions suppressions, StaffAddresses addresses) {
    this.addresses = addresses;
    this.mailer = mailer;
    this.pages = pages;
    this.suppressions = suppressions;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> recipients(Connection c, Tenant tenant, String event, Map<String, Object> payload)
      throws SQLException {
    if (event.startsWith(Outbox.OWNER_EVENTS)) {
      String owner = MailSuppressions.normal(tenant.spec().contact().email());
      return MailSuppressions.among(c, List.of(owner)).isEmpty() ? List.of(owner) : List.of();
    }
    Notifications notifications = tenant.spec().notifications();
    if (notifications == null || StaffNotices.kind(event, payload).filter(notifications::tellsStaffOf).isEmpty()) {
      return List.of();
    }
    return staff(c, notifications);
  }

  /** The Business's staff addresses that get mail: confirmed, and not refused by the mail server. */
  public static List<String> staff(Connection c, Notifications notifications) throws SQLException {
    List<String> staff = notifications.staffEmailsOrEmpty().stream().map(MailSuppressions::normal).distinct()
        .toList();
    Set<String> stopped = MailSuppressions.among(c, staff);
    Set<String> confirmed = StaffAddresses.confirmedAmong(c, staff); // the others were invited, nothing more
    return staff.stream().filter(a -> confirmed.contains(a) && !stopped.contains(a)).toList();
  }

  @Override
  public void deliver(Tenant tenant, OutboxRepository.Entry entry) throws Exception {
    String to = entry.recipient();
    if (suppressions.suppressed(tenant, to)) {
      throw refused("Mail to " + to + " is stopped because the mail server refused it; resume the address on the"
          + " Deliveries page, then send this again");
    }
    JsonNode payload = Json.tree(entry.payload());
    if (StaffAddresses.INVITE.equals(entry.event())) {
      // The link is made now, so it is in no table the tenant can read; confirmed meanwhile: nothing to send.
      Optional<String> token = addresses.issueToken(tenant, to);
      if (token.isEmpty()) {
        return;
      }
      send(tenant, to, StaffNotices.invitation(tenant, to, tenant.url() + "/staff/confirm?token=" + token.get()));
      return;
    }
    Notice notice = OwnerNotices.of(tenant, to, entry.event(), payload)
        .or(() -> StaffNotices.of(tenant, to, entry.event(), payload))
        .orElseThrow(() -> refused("There is no e-mail for " + entry.event()));
    send(tenant, to, notice);
  }

  private void send(Tenant tenant, String to, Notice notice) {
    try {
      mailer.send(new Mailer.Mail(to, notice.subject(), notice.text(),
          pages.html("mail/notice", Map.of("notice", notice))));
    } catch (Mailer.MailException e) {
      if (e.recipientRefused()) {
        suppressions.suppress(tenant, to, e.getMessage());
        throw refused(e.getMessage() + " (no more mail goes to " + to + " until it is resumed)");
      }
      throw new ExternalSystemException(SYSTEM, ExternalSystemException.Kind.UNREACHABLE, e.getMessage(), null, e);
    }
  }

  private static ExternalSystemException refused(String message) {
    return new ExternalSystemException(SYSTEM, ExternalSystemException.Kind.REJECTED, message, null, null);
  }
}
