package com.qastco.voice.runtime.sessions;

import com.qastco.voice.api.v1alpha1.Plan;
import io.micronaut.context.BeanContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import jakarta.inject.Singleton;
import java.util.Locale;

/** The limits of each plan, from platform configuration ({@code voice.plans.<plan>.*}). */
@Singleton
public class PlanLimits {
  private final BeanContext beans;

  public PlanLimits(BeanContext beans) {
    this.beans = beans;
  }

  public PlanLimit of(Plan plan) {
    String name = plan.name().toLowerCase(Locale.ROOT);
    return beans.findBean(PlanLimit.class, Qualifiers.byName(name)).orElseThrow(() ->
        new IllegalStateException("No limits configured for plan " + name + " (voice.plans." + name + ".*)"));
  }
}
