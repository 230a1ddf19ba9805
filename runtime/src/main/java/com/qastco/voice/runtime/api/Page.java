package com.qastco.voice.runtime.api;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** One page of a list: the items, how many there are in all, and where this page starts. */
@Serdeable
public record Page<T>(List<T> items, long total, int limit, int offset) {}
