package com.qastco.voice.runtime.tools;

import com.qastco.voice.integrations.agent.ToolDefinition;
import com.qastco.voice.integrations.agent.ToolPack;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.sessions.SessionRepository;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.UUID;

/**
 * The dashboard's tool tester: any of the Business's tools, with the owner's arguments, through the same
 * {@link ToolService} as a call, in a session of channel {@code test}. Such a session is never billed (the ledger
 * leaves test sessions out), and what its tools write is never queued for ERPNext or the Business's webhook.
 */
@Singleton
public class ToolTester {
  private final ToolService tools;
  private final SessionRepository sessions;

  public ToolTester(ToolService tools, SessionRepository sessions) {
    this.tools = tools;
    this.sessions = sessions;
  }

  public ToolAnswer run(Tenant tenant, String name, Map<String, Object> arguments) {
    ToolDefinition tool = ToolPack.find(tenant.spec(), name).orElseThrow(() ->
        ApiException.notFound(tenant.displayName() + " has no tool " + name));
    UUID session = UUID.randomUUID();
    String callId = "test-" + session;
    // No token was ever issued for it: nothing can present this hash.
    sessions.create(tenant.businessId(), session, "test", "test:" + session, null, null);
    sessions.attachCall(tenant.businessId(), session, callId);
    return tools.invoke(new ToolCall(tenant, session, true), callId, tool, arguments, "test");
  }
}
