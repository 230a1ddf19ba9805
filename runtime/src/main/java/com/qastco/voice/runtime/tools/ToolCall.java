package com.qastco.voice.runtime.tools;

import com.qastco.voice.runtime.tenants.Tenant;
import java.util.UUID;

/**
 * Whom a tool runs for.
 *
 * @param sessionId the voice session; null for a tool called over MCP or read for a resource
 * @param test started by the dashboard's tool tester: what the tool writes stays on the platform
 */
public record ToolCall(Tenant tenant, UUID sessionId, boolean test) {

  public static ToolCall of(Tenant tenant, UUID sessionId) {
    return new ToolCall(tenant, sessionId, false);
  }

  /** The session as the outbox's payloads carry it. */
  String session() {
    return sessionId == null ? null : sessionId.toString();
  }
}
