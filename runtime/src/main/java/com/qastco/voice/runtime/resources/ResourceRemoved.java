package com.qastco.voice.runtime.resources;

import java.util.UUID;

/** Published when a resource is deleted, for what other features keep about it outside PostgreSQL. */
public record ResourceRemoved(UUID businessId, UUID resource) {}
