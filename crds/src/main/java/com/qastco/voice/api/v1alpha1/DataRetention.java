package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** What becomes of the Business's records in the platform's own stores. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataRetention(
    @Default("Retain")
    @JsonPropertyDescription("When the Business is deleted: Retain keeps its records in the platform's database and "
        + "Redis (calls, transcripts, customers, orders, appointments, tickets, the usage ledger); Delete removes "
        + "them all before the Business is gone.")
    Integration.DeletionPolicy deletionPolicy) {

  public static boolean deletesRecords(BusinessSpec spec) {
    return spec != null && spec.dataRetention() != null
        && spec.dataRetention().deletionPolicy() == Integration.DeletionPolicy.DELETE;
  }
}
