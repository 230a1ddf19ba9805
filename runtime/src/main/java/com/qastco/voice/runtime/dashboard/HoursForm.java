package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.api.v1alpha1.Closure;
import com.qastco.voice.api.v1alpha1.Hours;
import com.qastco.voice.api.v1alpha1.OpeningHours;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings' opening hours as a form: rows of day, opening and closing time (a day with two openings, lunch and
 * dinner, keeps both), the days closed (a date and a reason, such as a public holiday) and what callers get while
 * closed. A few empty rows of each are always offered, so an owner adds one without a script.
 */
public record HoursForm(List<Row> weekly, List<ClosedDay> closures, String afterHours) {
  public static final int SPARE_ROWS = 3;
  public static final List<String> AFTER_HOURS = List.of("answer", "refuse");

  public record Row(String day, String open, String close) {}

  public record ClosedDay(String date, String reason) {}

  public static HoursForm of(Hours hours) {
    List<Row> rows = new ArrayList<>();
    List<ClosedDay> closed = new ArrayList<>();
    if (hours != null && hours.weekly() != null) {
      hours.weekly().forEach(h -> rows.add(new Row(h.day().name().toLowerCase(Locale.ROOT), h.open(),
          toTimeInput(h.close()))));
    }
    if (hours != null && hours.closures() != null) {
      hours.closures().stream().sorted(Comparator.comparing(Closure::date))
          .forEach(c -> closed.add(new ClosedDay(c.date(), c.reason() == null ? "" : c.reason())));
    }
    for (int i = 0; i < SPARE_ROWS; i++) {
      rows.add(new Row("", "", ""));
      closed.add(new ClosedDay("", ""));
    }
    return new HoursForm(rows, closed, hours != null && hours.afterHours() == Hours.AfterHours.REFUSE ? "refuse"
        : "answer");
  }

  /** The form as posted: {@code day0, open0, close0, …} for the weekly rows, {@code closed0, reason0, …} for days. */
  public static HoursForm posted(Map<String, String> form) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; form.containsKey("day" + i); i++) {
      rows.add(new Row(form.get("day" + i), form.getOrDefault("open" + i, ""), form.getOrDefault("close" + i, "")));
    }
    List<ClosedDay> closed = new ArrayList<>();
    for (int i = 0; form.containsKey("closed" + i); i++) {
      closed.add(new ClosedDay(form.get("closed" + i).trim(), form.getOrDefault("reason" + i, "").trim()));
    }
    return new HoursForm(rows, closed, form.getOrDefault("afterHours", "answer"));
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

  /** What the form itself refuses (a row half filled in, a reason without a date), by field. */
  public Map<String, String> ownErrors() {
    Map<String, String> errors = new LinkedHashMap<>();
    for (Row row : weekly) {
      boolean any = !row.day().isBlank() || !row.open().isBlank() || !row.close().isBlank();
      boolean all = !row.day().isBlank() && !row.open().isBlank() && !row.close().isBlank();
      if (any && !all) {
        errors.put("hours", "Each opening needs a day, an opening and a closing time");
      } else if (all && !validDay(row.day())) {
        errors.put("hours", "Choose a day of the week for each opening");
      }
    }
    for (ClosedDay day : closures) {
      if (day.date().isBlank() && !day.reason().isBlank()) {
        errors.put("closures", "Each closed day needs its date (\"" + day.reason() + "\" has none)");
      }
    }
    if (closures.stream().map(ClosedDay::date).filter(d -> !d.isBlank()).distinct().count()
        < closures.stream().filter(d -> !d.date().isBlank()).count()) {
      errors.put("closures", "Each closed day may be listed once");
    }
    if (!AFTER_HOURS.contains(afterHours)) {
      errors.put("afterHours", "Choose whether the agent answers or refuses calls while closed");
    }
    return errors;
  }

  public Hours toHours() {
    List<OpeningHours> rows = weekly.stream().filter(r -> !r.day().isBlank() && !r.open().isBlank()
            && !r.close().isBlank())
        .map(r -> new OpeningHours(OpeningHours.Day.valueOf(r.day().toUpperCase(Locale.ROOT)), r.open().trim(),
            fromTimeInput(r.close().trim()))).toList();
    List<Closure> closed = closures.stream().filter(d -> !d.date().isBlank())
        .map(d -> new Closure(d.date(), d.reason().isBlank() ? null : d.reason())).toList();
    return new Hours(rows, closed.isEmpty() ? null : closed,
        "refuse".equals(afterHours) ? Hours.AfterHours.REFUSE : null);
  }

  public static boolean validDay(String day) {
    return Arrays.stream(OpeningHours.Day.values()).anyMatch(d -> d.name().equalsIgnoreCase(day));
  }
}
