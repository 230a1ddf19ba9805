package com.qastco.voice.runtime.tools;

import com.qastco.voice.integrations.agent.ToolDefinition;
import java.util.Map;

/**
 * The work of a Business's own tools, done by its endpoint. {@link ToolService} calls it outside any transaction
 * (a slow endpoint holds no database connection), between the journal's claim and the answer it records.
 */
public interface RemoteTools {

  /**
   * @param answer what the agent is told
   * @param settled false when trying again may give another answer (a timeout, a 5xx): the claim is released
   *                rather than the failure journalled, so the caller's "try again" really tries again
   */
  record Result(ToolAnswer answer, boolean settled) {}

  /** @param invocationId the same for every attempt of one invocation: the endpoint dedupes on it */
  Result call(ToolCall call, ToolDefinition tool, String invocationId, Map<String, Object> arguments);
}
