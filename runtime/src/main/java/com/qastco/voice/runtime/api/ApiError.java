package com.qastco.voice.runtime.api;

import io.micronaut.serde.annotation.Serdeable;

/** The body of every API error: {@code {"error": "unauthorized", "message": "..."}}. */
@Serdeable
public record ApiError(String error, String message) {}
