package com.qastco.voice.runtime.outbox;

import com.qastco.voice.runtime.tenants.Tenant;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Carries one outbox entry to the destination it names. */
@Singleton
public class Deliveries {
  private final Map<String, Destination> destinations;

  public Deliveries(List<Destination> destinations) {
    this.destinations = destinations.stream().collect(Collectors.toMap(Destination::name, Function.identity()));
  }

  public void deliver(Tenant tenant, OutboxRepository.Entry entry) throws Exception {
    Destination destination = destinations.get(entry.destination());
    if (destination == null) {
      throw new IllegalStateException("Unknown destination " + entry.destination());
    }
    destination.deliver(tenant, entry);
  }
}
