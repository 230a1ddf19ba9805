package com.qastco.voice.runtime.tools;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a tool tells the voice agent: whether it worked, a sentence the agent can say to the caller as is, and
 * the data behind it. A refusal is an answer too ("We don't have a Hawaiian pizza; we have ..."), never a trace.
 */
public record ToolAnswer(boolean ok, String say, Map<String, Object> data) {
  public static ToolAnswer ok(String say, Map<String, Object> data) {
    return new ToolAnswer(true, say, data);
  }

  public static ToolAnswer refuse(String say) {
    return new ToolAnswer(false, say, Map.of());
  }

  public Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ok", ok);
    body.put("say", say);
    body.putAll(data);
    return body;
  }
}
