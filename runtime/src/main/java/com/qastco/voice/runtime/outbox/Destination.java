package com.qastco.voice.runtime.outbox;

import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.runtime.tenants.Tenant;

/**
 * Somewhere outbox entries are carried to. Each is a bean of its own feature: {@link Outbox} queues an event for
 * every destination that takes it, and {@link Deliveries} hands each entry to the destination it names.
 */
public interface Destination {

  /** The name entries carry in their {@code destination} column. */
  String name();

  /** Whether this Business's event goes here; false for a destination queued to only by name. */
  boolean takes(Tenant tenant, String event);

  /** Delivers, or throws: an {@link ExternalSystemException} says whether trying again can help. */
  void deliver(Tenant tenant, OutboxRepository.Entry entry) throws Exception;
}
