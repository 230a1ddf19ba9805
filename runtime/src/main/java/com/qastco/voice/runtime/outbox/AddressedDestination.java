package com.qastco.voice.runtime.outbox;

import com.qastco.voice.runtime.tenants.Tenant;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * A destination with recipients of its own (e-mail): an event becomes one entry per recipient, so that one refusing
 * it is never a reason to send it again to the others. {@link #takes} is not asked.
 */
public interface AddressedDestination extends Destination {
  /** Who gets this Business's event, read in the transaction that queues it (empty: nobody). */
  List<String> recipients(Connection c, Tenant tenant, String event, Map<String, Object> payload)
      throws SQLException;

  @Override
  default boolean takes(Tenant tenant, String event) {
    return false;
  }
}
