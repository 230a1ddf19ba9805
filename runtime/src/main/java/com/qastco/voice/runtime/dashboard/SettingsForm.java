package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.api.v1alpha1.Branding;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.v1alpha1.Notifications;
import com.qastco.voice.api.v1alpha1.Voice;
import com.qastco.voice.api.v1alpha1.Widget;
import com.qastco.voice.integrations.agent.CallTemplate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard's settings (opening hours and closed days, voice, branding, the widget's allowed origins, custom
 * domains, who of the staff is e-mailed about what, the webhook) as a form: read from the spec, and put back into
 * it, every other field left as it was (phone numbers among them: the platform assigns those, a tenant cannot
 * claim one).
 */
public record SettingsForm(HoursForm hours, String greeting, String instructions, String voiceName,
                           String languageHint, String maxCallSeconds, boolean recording, String primaryColor,
                           String accentColor, String logoUrl, String buttonText, boolean poweredBy,
                           String allowedOrigins, String customDomains, String staffEmails,
                           List<String> staffEvents, boolean staffDigest, List<String> callerTexts,
                           String webhookUrl) {
  /** The kinds of event staff can be e-mailed about, as the form names them (the CRD's values). */
  public static final List<String> STAFF_EVENTS = List.of("orders", "appointments", "tickets", "handovers");
  /** What a caller can be texted to confirm, as the form names it (the CRD's values). */
  public static final List<String> CALLER_TEXTS = List.of("orders", "appointments");

  public static SettingsForm of(BusinessSpec spec) {
    Voice voice = spec.voice() == null ? new Voice(null, null, null, null, null, null) : spec.voice();
    Branding b = spec.branding();
    Notifications n = spec.notifications();
    return new SettingsForm(HoursForm.of(spec.hours()), orEmpty(voice.greeting()),
        orEmpty(voice.extraInstructions()), orEmpty(voice.voice()), orEmpty(voice.languageHint()),
        String.valueOf(CallTemplate.maxDuration(spec).toSeconds()), Boolean.TRUE.equals(voice.recording()),
        b == null ? "#1f4fd1" : orDefault(b.primaryColor(), "#1f4fd1"),
        b == null ? "#ffffff" : orDefault(b.accentColor(), "#ffffff"), b == null ? "" : orEmpty(b.logoUrl()),
        b == null ? "" : orEmpty(b.buttonText()), b == null || !Boolean.FALSE.equals(b.showPoweredBy()),
        spec.widget() == null || spec.widget().allowedOrigins() == null ? ""
            : String.join("\n", spec.widget().allowedOrigins()),
        spec.customDomains() == null ? "" : String.join("\n", spec.customDomains()),
        n == null ? "" : String.join("\n", n.staffEmailsOrEmpty()),
        STAFF_EVENTS.stream().filter(e -> n == null || n.tellsStaffOf(staffEvent(e))).toList(),
        n != null && Boolean.TRUE.equals(n.staffDigest()),
        CALLER_TEXTS.stream().filter(e -> n != null && n.textsCaller(callerText(e))).toList(),
        n == null ? "" : orEmpty(n.webhookUrl()));
  }

  private static Notifications.CallerText callerText(String name) {
    return Notifications.CallerText.valueOf(name.toUpperCase(Locale.ROOT));
  }

  private static Notifications.StaffEvent staffEvent(String name) {
    return Notifications.StaffEvent.valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** The form as posted (see {@link HoursForm#posted} for the hours). */
  public static SettingsForm posted(Map<String, String> form) {
    return new SettingsForm(HoursForm.posted(form), form.getOrDefault("greeting", ""),
        form.getOrDefault("instructions", ""), form.getOrDefault("voiceName", ""),
        form.getOrDefault("languageHint", ""), form.getOrDefault("maxCallSeconds", ""), form.containsKey("recording"),
        form.getOrDefault("primaryColor", ""), form.getOrDefault("accentColor", ""), form.getOrDefault("logoUrl", ""),
        form.getOrDefault("buttonText", ""), form.containsKey("poweredBy"), form.getOrDefault("allowedOrigins", ""),
        form.getOrDefault("customDomains", ""), form.getOrDefault("staffEmails", ""),
        STAFF_EVENTS.stream().filter(e -> form.containsKey("staffEvent." + e)).toList(),
        form.containsKey("staffDigest"),
        CALLER_TEXTS.stream().filter(e -> form.containsKey("callerText." + e)).toList(),
        form.getOrDefault("webhookUrl", ""));
  }

  /** What the form itself refuses (a row half filled in, a call length that is no number), by field. */
  public Map<String, String> ownErrors() {
    Map<String, String> errors = new LinkedHashMap<>(hours.ownErrors());
    if (!maxCallSeconds.isBlank() && !maxCallSeconds.trim().matches("[0-9]{1,6}")) {
      errors.put("voice", "The longest call is a whole number of seconds");
    }
    return errors;
  }

  public BusinessSpec applyTo(BusinessSpec s) {
    Voice voice = new Voice(blank(voiceName), blank(languageHint), blank(greeting), blank(instructions),
        maxCallSeconds.isBlank() ? null : Integer.valueOf(maxCallSeconds.trim()), recording);
    Branding branding = new Branding(blank(primaryColor), blank(accentColor), blank(logoUrl), blank(buttonText),
        poweredBy);
    return new BusinessSpec(s.displayName(), s.type(), s.contact(), s.subdomain(), orNull(lines(customDomains)),
        s.plan(), s.billing(), s.locale(), hours.toHours(), voice, s.phoneNumbers(), new Widget(lines(allowedOrigins)),
        branding, notifications(), s.handover(), s.tools(), s.integrations(), s.suspended(), s.dataRetention());
  }

  /** Staff e-mails, their events and digest, the caller's texts and the webhook from the form. All four events: the default. */
  private Notifications notifications() {
    List<String> emails = lines(staffEmails);
    String webhook = blank(webhookUrl);
    List<Notifications.StaffEvent> events = staffEvents.size() == STAFF_EVENTS.size() ? null
        : staffEvents.stream().map(SettingsForm::staffEvent).toList();
    List<Notifications.CallerText> texts = callerTexts.stream().map(SettingsForm::callerText).toList();
    return emails.isEmpty() && webhook == null && events == null && !staffDigest && texts.isEmpty() ? null
        : new Notifications(orNull(emails), webhook, events, staffDigest ? Boolean.TRUE : null,
            texts.isEmpty() ? null : texts);
  }

  private static List<String> lines(String text) {
    return Arrays.stream(text.split("\\R")).map(String::trim).filter(o -> !o.isEmpty()).toList();
  }

  private static List<String> orNull(List<String> values) {
    return values.isEmpty() ? null : values;
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
