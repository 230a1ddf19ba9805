package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.api.v1alpha1.Branding;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.v1alpha1.Hours;
import com.qastco.voice.api.v1alpha1.Notifications;
import com.qastco.voice.api.v1alpha1.OpeningHours;
import com.qastco.voice.api.v1alpha1.Voice;
import com.qastco.voice.api.v1alpha1.Widget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard's settings (opening hours, voice, branding, the widget's allowed origins, custom domains, and who
 * of the staff is e-mailed about what) as a
 * form: read from the spec, and put back into it, every other field left as it was (phone numbers among them: the
 * platform assigns those, a tenant cannot claim one). Hours are rows of day, opening and closing time,
 * so a day with two openings (lunch and dinner) keeps both.
 */
public record SettingsForm(List<Row> hours, String greeting, String instructions, String primaryColor,
                           String accentColor, String logoUrl, String buttonText, boolean poweredBy,
                           String allowedOrigins, String customDomains, String staffEmails,
                           List<String> staffEvents, boolean staffDigest, List<String> callerTexts) {
  public static final int SPARE_ROWS = 3;
  /** The kinds of event staff can be e-mailed about, as the form names them (the CRD's values). */
  public static final List<String> STAFF_EVENTS = List.of("orders", "appointments", "tickets", "handovers");
  /** What a caller can be texted to confirm, as the form names it (the CRD's values). */
  public static final List<String> CALLER_TEXTS = List.of("orders", "appointments");

  public record Row(String day, String open, String close) {}

  public static SettingsForm of(BusinessSpec spec) {
    List<Row> rows = new ArrayList<>();
    if (spec.hours() != null && spec.hours().weekly() != null) {
      spec.hours().weekly().forEach(h -> rows.add(new Row(h.day().name().toLowerCase(Locale.ROOT), h.open(),
          toTimeInput(h.close()))));
    }
    for (int i = 0; i < SPARE_ROWS; i++) {
      rows.add(new Row("", "", ""));
    }
    Voice voice = spec.voice();
    Branding b = spec.branding();
    return new SettingsForm(rows, voice == null ? "" : orEmpty(voice.greeting()),
        voice == null ? "" : orEmpty(voice.extraInstructions()), b == null ? "#1f4fd1" : orDefault(b.primaryColor(),
        "#1f4fd1"), b == null ? "#ffffff" : orDefault(b.accentColor(), "#ffffff"), b == null ? "" : orEmpty(b.logoUrl()),
        b == null ? "" : orEmpty(b.buttonText()), b == null || !Boolean.FALSE.equals(b.showPoweredBy()),
        spec.widget() == null || spec.widget().allowedOrigins() == null ? ""
            : String.join("\n", spec.widget().allowedOrigins()),
        spec.customDomains() == null ? "" : String.join("\n", spec.customDomains()),
        spec.notifications() == null ? "" : String.join("\n", spec.notifications().staffEmailsOrEmpty()),
        STAFF_EVENTS.stream().filter(e -> spec.notifications() == null
            || spec.notifications().tellsStaffOf(staffEvent(e))).toList(),
        spec.notifications() != null && Boolean.TRUE.equals(spec.notifications().staffDigest()),
        CALLER_TEXTS.stream().filter(e -> spec.notifications() != null
            && spec.notifications().textsCaller(callerText(e))).toList());
  }

  private static Notifications.CallerText callerText(String name) {
    return Notifications.CallerText.valueOf(name.toUpperCase(Locale.ROOT));
  }

  private static Notifications.StaffEvent staffEvent(String name) {
    return Notifications.StaffEvent.valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** The form as posted: {@code day0, open0, close0, …} for the rows. */
  public static SettingsForm posted(Map<String, String> form) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; form.containsKey("day" + i); i++) {
      rows.add(new Row(form.get("day" + i), form.getOrDefault("open" + i, ""), form.getOrDefault("close" + i, "")));
    }
    return new SettingsForm(rows, form.getOrDefault("greeting", ""), form.getOrDefault("instructions", ""),
        form.getOrDefault("primaryColor", ""), form.getOrDefault("accentColor", ""), form.getOrDefault("logoUrl", ""),
        form.getOrDefault("buttonText", ""), form.containsKey("poweredBy"), form.getOrDefault("allowedOrigins", ""),
        form.getOrDefault("customDomains", ""), form.getOrDefault("staffEmails", ""),
        STAFF_EVENTS.stream().filter(e -> form.containsKey("staffEvent." + e)).toList(),
        form.containsKey("staffDigest"),
        CALLER_TEXTS.stream().filter(e -> form.containsKey("callerText." + e)).toList());
  }

  /**
   * A time field cannot hold 24:00 (it wraps to 00:00, or the browser blanks it), so an opening until midnight is
   * shown closing at 00:00, and a closing time of 00:00 is midnight at the end of the day (the CRD wants the
   * opening before the closing, so it can mean nothing else).
   */
  static String toTimeInput(String close) {
    return "24:00".equals(close) ? "00:00" : close;
  }

  static String fromTimeInput(String close) {
    return "00:00".equals(close) ? "24:00" : close;
  }

  /** What the form itself refuses (a row half filled in), by field. */
  public Map<String, String> ownErrors() {
    Map<String, String> errors = new LinkedHashMap<>();
    for (int i = 0; i < hours.size(); i++) {
      Row row = hours.get(i);
      boolean any = !row.day().isBlank() || !row.open().isBlank() || !row.close().isBlank();
      boolean all = !row.day().isBlank() && !row.open().isBlank() && !row.close().isBlank();
      if (any && !all) {
        errors.put("hours", "Each opening needs a day, an opening and a closing time");
      } else if (all && !validDay(row.day())) {
        errors.put("hours", "Choose a day of the week for each opening");
      }
    }
    return errors;
  }

  public BusinessSpec applyTo(BusinessSpec s) {
    List<OpeningHours> weekly = hours.stream().filter(r -> !r.day().isBlank() && !r.open().isBlank()
            && !r.close().isBlank())
        .map(r -> new OpeningHours(OpeningHours.Day.valueOf(r.day().toUpperCase(Locale.ROOT)), r.open().trim(),
            fromTimeInput(r.close().trim()))).toList();
    Hours old = s.hours();
    Voice v = s.voice();
    Voice voice = new Voice(v == null ? null : v.voice(), v == null ? null : v.languageHint(), blank(greeting),
        blank(instructions), v == null ? null : v.maxCallDurationSeconds(), v == null ? Boolean.FALSE : v.recording());
    Branding branding = new Branding(blank(primaryColor), blank(accentColor), blank(logoUrl), blank(buttonText),
        poweredBy);
    return new BusinessSpec(s.displayName(), s.type(), s.contact(), s.subdomain(), orNull(lines(customDomains)),
        s.plan(), s.billing(), s.locale(), new Hours(weekly, old == null ? null : old.closures(),
        old == null ? null : old.afterHours()), voice, s.phoneNumbers(), new Widget(lines(allowedOrigins)),
        branding, notifications(s.notifications()), s.handover(), s.tools(), s.integrations(), s.suspended(),
        s.dataRetention());
  }

  /**
   * Staff e-mails, their events and digest, and the caller's texts from the form; the webhook URL as it was. All
   * four events: the default.
   */
  private Notifications notifications(Notifications old) {
    List<String> emails = lines(staffEmails);
    String webhookUrl = old == null ? null : old.webhookUrl();
    List<Notifications.StaffEvent> events = staffEvents.size() == STAFF_EVENTS.size() ? null
        : staffEvents.stream().map(SettingsForm::staffEvent).toList();
    List<Notifications.CallerText> texts = callerTexts.stream().map(SettingsForm::callerText).toList();
    return emails.isEmpty() && webhookUrl == null && events == null && !staffDigest && texts.isEmpty() ? null
        : new Notifications(orNull(emails), webhookUrl, events, staffDigest ? Boolean.TRUE : null,
            texts.isEmpty() ? null : texts);
  }

  private static List<String> lines(String text) {
    return Arrays.stream(text.split("\\R")).map(String::trim).filter(o -> !o.isEmpty()).toList();
  }

  private static List<String> orNull(List<String> values) {
    return values.isEmpty() ? null : values;
  }

  public static boolean validDay(String day) {
    return Arrays.stream(OpeningHours.Day.values()).anyMatch(d -> d.name().equalsIgnoreCase(day));
  }

  private static String blank(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
