package com.qastco.voice.runtime.tools;

import com.qastco.voice.runtime.tenants.Tenant;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/** One tool's work, inside the tenant's transaction (so its writes and its journal entry commit together). */
public record ToolHandler(String name, Work work) {

  @FunctionalInterface
  public interface Work {
    ToolAnswer run(Connection connection, Tenant tenant, UUID sessionId, Map<String, Object> arguments)
        throws SQLException;
  }
}
