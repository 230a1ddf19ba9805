package com.qastco.voice.runtime.notifications;

import com.qastco.voice.api.v1alpha1.Branding;
import com.qastco.voice.runtime.tenants.Tenant;
import java.util.List;

/**
 * One e-mail as the people of a Business read it, built without sending anything: what it is about, its details,
 * where to see it, why the recipient gets it and how to stop it. {@link #text()} is the plain part; the HTML part is
 * {@code mail/notice.jte} over the same record, so both always say the same.
 */
public record Notice(String subject, String heading, String intro, List<Row> rows, String link, String linkLabel,
                     String why, String stop, Brand brand) {

  /** A label and its value (an order line, the caller's number). */
  public record Row(String label, String value) {}

  /** The Business's name, colour and logo, as its pages show them (white text goes on the primary colour). */
  public record Brand(String name, String primaryColor, String logoUrl) {
    static final String DEFAULT_PRIMARY = "#1f4fd1";

    static Brand of(Tenant tenant) {
      Branding b = tenant.spec().branding();
      return new Brand(tenant.displayName(), b == null || b.primaryColor() == null ? DEFAULT_PRIMARY
          : b.primaryColor(), b == null ? null : b.logoUrl());
    }
  }

  public String text() {
    StringBuilder text = new StringBuilder(heading).append("\n\n").append(intro).append("\n");
    if (!rows.isEmpty()) {
      text.append('\n');
      int width = rows.stream().mapToInt(r -> r.label().length()).max().orElse(0);
      rows.forEach(r -> text.append(String.format("%-" + width + "s  %s%n", r.label(), r.value())));
    }
    if (link != null) {
      text.append('\n').append(linkLabel).append(": ").append(link).append('\n');
    }
    return text.append("\n-- \n").append(brand.name()).append('\n').append(why).append(' ').append(stop)
        .append('\n').toString();
  }
}
