package com.qastco.voice.runtime.web;

import com.qastco.voice.api.validation.BusinessValidator;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The CRD's own schema and CEL rules, loaded once, for the pages that write Businesses (sign-up, settings). */
@Factory
class CrdRules {
  @Singleton
  BusinessValidator businessValidator() {
    return BusinessValidator.fromClasspath();
  }
}
