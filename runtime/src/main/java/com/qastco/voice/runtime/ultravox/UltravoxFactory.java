package com.qastco.voice.runtime.ultravox;

import com.qastco.voice.integrations.ultravox.UltravoxApi;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The shared Ultravox client (the operator uses the same one for agents), set up from the runtime's settings. */
@Factory
class UltravoxFactory {
  @Singleton
  UltravoxApi ultravox(UltravoxConfig config) {
    return new UltravoxApi(config.getBaseUrl(), config.getApiKey() == null ? "" : config.getApiKey(),
        config.getTimeout());
  }
}
