package com.qastco.voice.runtime.knowledge;

import com.qastco.voice.runtime.tools.Spoken;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownSectionsTest {

  @Test
  void eachHeadingIsAnEntryAndTextBeforeTheFirstIsNamedAfterTheFile() {
    List<MarkdownSections.Section> sections = MarkdownSections.of("faq.md", """
        Welcome to Mario's.

        # Parking
        Free parking behind the shop.

        ## Gluten-free? ##
        Yes: a gluten-free base for every pizza, $3 extra.

        ```
        # not a heading inside code
        ```
        # Empty heading
        """);

    assertThat(sections).extracting(MarkdownSections.Section::title)
        .containsExactly("faq", "Parking", "Gluten-free?");
    assertThat(sections.get(2).body()).startsWith("Yes: a gluten-free base").contains("# not a heading");
  }

  @Test
  void aFileWithoutHeadingsIsOneDocument() {
    assertThat(MarkdownSections.of("house-rules.txt", "No dogs.\nNo smoking."))
        .containsExactly(new MarkdownSections.Section("house-rules", "No dogs.\nNo smoking."));
  }

  @Test
  void aLongAnswerIsCutAtASentenceToBeSpoken() {
    String body = "The shop is open late. ".repeat(30);
    assertThat(Spoken.excerpt(body)).endsWith("late.").hasSizeLessThanOrEqualTo(Spoken.LIMIT);
    assertThat(Spoken.excerpt("**Bold** and `code`")).isEqualTo("Bold and code");
  }
}
