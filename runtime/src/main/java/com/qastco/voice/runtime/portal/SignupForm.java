package com.qastco.voice.runtime.portal;

import com.qastco.voice.api.v1alpha1.Billing;
import com.qastco.voice.api.v1alpha1.BusinessLocale;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.v1alpha1.BusinessType;
import com.qastco.voice.api.v1alpha1.Contact;
import com.qastco.voice.api.v1alpha1.Hours;
import com.qastco.voice.api.v1alpha1.OpeningHours;
import com.qastco.voice.api.v1alpha1.Plan;
import com.qastco.voice.api.v1alpha1.Voice;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sign-up form as posted. What the CRD itself checks (name, e-mail, subdomain, time zone, hours…) is checked by
 * the CRD's own schema and CEL rules on the Business this becomes; the form adds what a Business has no field for
 * (the owner's password) and turns its fields into that Business.
 */
@Serdeable
public record SignupForm(@Nullable String displayName, @Nullable String type, @Nullable String email,
                         @Nullable String phone, @Nullable String subdomain, @Nullable String timeZone,
                         @Nullable String weekdayOpen, @Nullable String weekdayClose, @Nullable String weekendOpen,
                         @Nullable String weekendClose, @Nullable String greeting, @Nullable String plan,
                         @Nullable String catalog, @Nullable String password, @Nullable String _csrf) {

  public static SignupForm empty() {
    return new SignupForm("", "restaurant", "", "", "", "America/New_York", "09:00", "17:00", "", "", "", "starter",
        "", "", null);
  }

  public SignupForm withSubdomain(String value) {
    return new SignupForm(displayName == null || displayName.isBlank() ? "Probe" : displayName, type,
        email == null || email.isBlank() ? "probe@example.org" : email, phone, value, timeZone, weekdayOpen,
        weekdayClose, weekendOpen, weekendClose, greeting, plan, catalog, password, _csrf);
  }

  /** The form as it is shown again: everything but the password. */
  public SignupForm withoutPassword() {
    return new SignupForm(displayName, type, email, phone, subdomain, timeZone, weekdayOpen, weekdayClose,
        weekendOpen, weekendClose, greeting, plan, catalog, null, null);
  }

  /** What the form itself refuses, by field. */
  public Map<String, String> ownErrors() {
    Map<String, String> errors = new LinkedHashMap<>();
    if (password == null || password.length() < 12) {
      errors.put("password", "Choose a password of at least 12 characters");
    } else if (password.length() > com.qastco.voice.runtime.web.Passwords.MAX_LENGTH) {
      errors.put("password", "A password can have at most 72 characters");
    }
    if (parsedType() == null) {
      errors.put("type", "Choose what kind of business this is");
    }
    if (parsedPlan() == null) {
      errors.put("plan", "Choose a plan");
    }
    if (blank(weekdayOpen) != blank(weekdayClose)) {
      errors.put("weekdayClose", "Give both the opening and the closing time, or neither");
    }
    if (blank(weekendOpen) != blank(weekendClose)) {
      errors.put("weekendClose", "Give both the opening and the closing time, or neither");
    }
    return errors;
  }

  public BusinessSpec spec() {
    List<OpeningHours> weekly = new ArrayList<>();
    for (OpeningHours.Day day : OpeningHours.Day.values()) {
      boolean weekend = day == OpeningHours.Day.SATURDAY || day == OpeningHours.Day.SUNDAY;
      String open = weekend ? weekendOpen : weekdayOpen;
      String close = weekend ? weekendClose : weekdayClose;
      if (!blank(open) && !blank(close)) {
        weekly.add(new OpeningHours(day, open.trim(), close.trim()));
      }
    }
    return new BusinessSpec(trim(displayName), parsedType(), new Contact(trim(email), blank(phone) ? null
        : phone.trim()), trim(subdomain) == null ? null : trim(subdomain).toLowerCase(Locale.ROOT), null,
        parsedPlan(), new Billing(14, false), new BusinessLocale("en", trim(timeZone), "US", "USD"),
        new Hours(weekly, null, null), blank(greeting) ? null : new Voice(null, null, greeting.trim(), null, null,
        false), null, null, null, null, null, null, null, false);
  }

  BusinessType parsedType() {
    for (BusinessType t : BusinessType.values()) {
      if (t.name().equalsIgnoreCase(String.valueOf(type))) {
        return t;
      }
    }
    return null;
  }

  Plan parsedPlan() {
    for (Plan p : Plan.values()) {
      if (p.name().equalsIgnoreCase(String.valueOf(plan))) {
        return p;
      }
    }
    return null;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static String trim(String value) {
    return blank(value) ? null : value.trim();
  }
}
