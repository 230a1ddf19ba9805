package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Per external system: whether it is used, and what happens to its data when the Business is deleted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Integrations(Integration redis, Integration erpnext, Integration ultravox, Integration stripe) {}
