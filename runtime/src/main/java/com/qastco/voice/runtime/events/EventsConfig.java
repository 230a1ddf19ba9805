package com.qastco.voice.runtime.events;

import io.micronaut.context.annotation.ConfigurationProperties;

/** {@code voice.events.max-streams-per-business}: live-event streams one Business may hold open on a replica. */
@ConfigurationProperties("voice.events")
public class EventsConfig {
  private int maxStreamsPerBusiness = 50;

  public int getMaxStreamsPerBusiness() {
    return maxStreamsPerBusiness;
  }

  public void setMaxStreamsPerBusiness(int maxStreamsPerBusiness) {
    this.maxStreamsPerBusiness = maxStreamsPerBusiness;
  }
}
