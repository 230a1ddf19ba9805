package com.qastco.voice.runtime.knowledge;

import java.util.ArrayList;
import java.util.List;

/**
 * An imported file as entries: a Markdown file becomes one entry per heading (its text up to the next heading of
 * the same or a higher level is the body), so "## Parking" in a page of FAQs is found as its own answer; a file
 * without headings is one document named after the file.
 */
final class MarkdownSections {
  record Section(String title, String body) {}

  private MarkdownSections() {}

  static List<Section> of(String fileName, String text) {
    List<Section> sections = new ArrayList<>();
    String title = null;
    StringBuilder body = new StringBuilder();
    StringBuilder before = new StringBuilder();
    boolean fenced = false;
    for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
      if (line.startsWith("```")) {
        fenced = !fenced;
      }
      String heading = fenced ? null : heading(line);
      if (heading != null) {
        add(sections, title, body);
        title = heading;
        body.setLength(0);
      } else {
        (title == null ? before : body).append(line).append('\n');
      }
    }
    add(sections, title, body);
    if (sections.isEmpty()) {
      add(sections, fileName.replaceFirst("\\.(md|markdown|txt)$", ""), before);
    } else if (!before.toString().isBlank()) {
      sections.add(0, new Section(fileName.replaceFirst("\\.(md|markdown|txt)$", ""), before.toString().strip()));
    }
    return sections;
  }

  private static void add(List<Section> sections, String title, CharSequence body) {
    String text = body.toString().strip();
    if (title != null && !title.isBlank() && !text.isEmpty()) {
      sections.add(new Section(title.strip(), text));
    }
  }

  /** An ATX heading's text ("## Parking" gives "Parking"), or null. */
  private static String heading(String line) {
    int level = 0;
    while (level < line.length() && line.charAt(level) == '#') {
      level++;
    }
    if (level == 0 || level > 6 || level >= line.length() || line.charAt(level) != ' ') {
      return null;
    }
    return line.substring(level + 1).replaceAll("\\s+#+\\s*$", "").strip();
  }
}
