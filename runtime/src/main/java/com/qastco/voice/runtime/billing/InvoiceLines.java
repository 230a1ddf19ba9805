package com.qastco.voice.runtime.billing;

import com.qastco.voice.integrations.stripe.StripeUsage;
import com.qastco.voice.runtime.plans.PlanLimits;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Sales Invoice the voice_agent_saas app makes from a Stripe invoice: Stripe's total, with the overage sessions
 * of the invoice's period counted from the ledger (each at its plan's price) and the rest as the plan fee (the fee
 * and any prorations of a plan change).
 */
@Singleton
public class InvoiceLines {
  private final PlanLimits limits;

  public InvoiceLines(PlanLimits limits) {
    this.limits = limits;
  }

  public Map<String, Object> salesInvoice(Connection c, Tenant tenant, StripeUsage.InvoiceView invoice)
      throws SQLException {
    long sessions = 0;
    BigDecimal overage = BigDecimal.ZERO;
    if (invoice.periodStart() != null) {
      try (PreparedStatement select = c.prepareStatement("SELECT plan, count(*) FROM usage_ledger WHERE overage"
          + " AND period_start = ? GROUP BY plan")) {
        select.setTimestamp(1, Timestamp.from(Instant.ofEpochSecond(invoice.periodStart())));
        try (ResultSet r = select.executeQuery()) {
          while (r.next()) {
            sessions += r.getLong(2);
            overage = overage.add(limits.named(r.getString(1)).getOveragePrice().multiply(BigDecimal.valueOf(r.getLong(2))));
          }
        }
      }
    }
    BigDecimal total = BigDecimal.valueOf(invoice.total()).movePointLeft(2);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("stripeInvoice", invoice.id());
    payload.put("number", invoice.number());
    payload.put("plan", tenant.planName());
    payload.put("period", date(invoice.periodStart()) + " – " + date(invoice.periodEnd()));
    payload.put("currency", invoice.currency().toUpperCase(Locale.ROOT));
    payload.put("date", date(invoice.periodEnd()));
    payload.put("dueDate", date(invoice.dueDate() == null ? invoice.periodEnd() : invoice.dueDate()));
    payload.put("planFee", total.subtract(overage).toPlainString());
    payload.put("total", total.toPlainString());
    payload.put("overage", Map.of("sessions", sessions, "unitPrice", sessions == 0 ? "0"
        : overage.divide(BigDecimal.valueOf(sessions), 4, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
        .toPlainString()));
    return payload;
  }

  private static String date(Long epochSeconds) {
    return epochSeconds == null ? LocalDate.now(ZoneOffset.UTC).toString()
        : LocalDate.ofInstant(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC).toString();
  }
}
