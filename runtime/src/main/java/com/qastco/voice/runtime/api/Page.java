package com.qastco.voice.runtime.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** One page of a list: the items (an empty list, not a missing field), how many in all, where this page starts. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Page<T>(List<T> items, long total, int limit, int offset) {}
