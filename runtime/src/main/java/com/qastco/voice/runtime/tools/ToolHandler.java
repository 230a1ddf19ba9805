package com.qastco.voice.runtime.tools;

import com.qastco.voice.integrations.agent.ToolDefinition;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * One tool's work, inside the tenant's transaction (so its writes and its journal entry commit together).
 *
 * @param liveEvent what the dashboards are told besides {@code tool.executed} when the tool succeeds; may be null
 */
public record ToolHandler(ToolDefinition tool, String liveEvent, Work work) {

  public ToolHandler(ToolDefinition tool, Work work) {
    this(tool, null, work);
  }

  public String name() {
    return tool.name();
  }

  @FunctionalInterface
  public interface Work {
    ToolAnswer run(Connection connection, ToolCall call, Map<String, Object> arguments) throws SQLException;
  }
}
