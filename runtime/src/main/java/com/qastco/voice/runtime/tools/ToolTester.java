package com.qastco.voice.runtime.tools;

import com.qastco.voice.integrations.agent.ToolDefinition;
import com.qastco.voice.integrations.agent.ToolPack;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The dashboard's tool tester: any of the Business's tools, with the owner's arguments, through the same
 * {@link ToolService} as a call, in a session of channel {@code test}. Such a session is never billed (the ledger
 * leaves test sessions out), and what its tools write is never queued for ERPNext or the Business's webhook.
 */
@Singleton
public class ToolTester {
  private static final ThreadLocal<Boolean> TESTING = ThreadLocal.withInitial(() -> false);
  private final ToolService tools;
  private final TenantDatabase database;

  public ToolTester(ToolService tools, TenantDatabase database) {
    this.tools = tools;
    this.database = database;
  }

  /** Whether the tool running on this thread was started by the tester. */
  public static boolean testing() {
    return TESTING.get();
  }

  public ToolAnswer run(Tenant tenant, String name, Map<String, Object> arguments) {
    ToolDefinition tool = ToolPack.find(tenant.spec().type(), name).orElseThrow(() ->
        ApiException.notFound(tenant.displayName() + " has no tool " + name));
    UUID session = UUID.randomUUID();
    String callId = "test-" + session;
    database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO voice_session (id, business_id, channel,"
          + " status, call_id, tool_token_hash, joined_at) VALUES (?, ?, 'test', 'joined', ?, ?, now())")) {
        insert.setObject(1, session);
        insert.setObject(2, tenant.businessId());
        insert.setString(3, callId);
        insert.setString(4, "test:" + session); // no token was ever issued: nothing can present this
        return insert.executeUpdate();
      }
    });
    return during(() -> tools.invoke(tenant, session, callId, tool, arguments, "test"));
  }

  private static <T> T during(Supplier<T> work) {
    TESTING.set(true);
    try {
      return work.get();
    } finally {
      TESTING.set(false);
    }
  }
}
