package com.qastco.voice.runtime.knowledge;

import com.qastco.voice.integrations.agent.ToolPack;
import com.qastco.voice.runtime.tools.ToolAnswer;
import com.qastco.voice.runtime.tools.ToolCall;
import com.qastco.voice.runtime.tools.ToolHandler;
import com.qastco.voice.runtime.tools.ToolHandlers;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** {@code search_knowledge}: the best answer is said, naming the entry it came from; two more are given as data. */
@Singleton
public class KnowledgeTools implements ToolHandlers {

  @Override
  public List<ToolHandler> handlers() {
    return List.of(new ToolHandler(ToolPack.SEARCH_KNOWLEDGE, this::search));
  }

  private ToolAnswer search(Connection c, ToolCall call, Map<String, Object> args) throws SQLException {
    String question = String.valueOf(args.get("question"));
    List<KnowledgeBase.Found> found = KnowledgeBase.search(c, call.tenant(), question, 3);
    if (found.isEmpty()) {
      return ToolAnswer.ok("I don't have information about that. I can take a message for the team.",
          Map.of("found", false, "results", List.of()));
    }
    KnowledgeBase.Found best = found.get(0);
    return ToolAnswer.ok(best.excerpt(), Map.of("found", true, "source", best.title(),
        "results", found.stream().map(f -> Map.of("id", f.id().toString(), "title", f.title(),
            "excerpt", f.excerpt())).toList()));
  }
}
