package com.qastco.voice.runtime;

import io.micronaut.runtime.Micronaut;

/** The shared runtime that serves every tenant's pages and APIs. */
public final class Application {
  private Application() {}

  public static void main(String[] args) {
    Micronaut.run(Application.class, args);
  }
}
