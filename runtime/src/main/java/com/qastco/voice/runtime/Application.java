package com.qastco.voice.runtime;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** The shared runtime that serves every tenant's pages and APIs. */
@OpenAPIDefinition(
    info = @Info(title = "Voice Agent Platform API", version = "v1",
        description = "Tenant API (secret key), sessions (publishable or secret key) and voice tools (per-call token)."),
    security = @SecurityRequirement(name = "secretKey"))
@SecurityScheme(name = "secretKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
    description = "The Business's secret key, sk_…")
public final class Application {
  private Application() {}

  public static void main(String[] args) {
    Micronaut.run(Application.class, args);
  }
}
