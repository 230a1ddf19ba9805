package com.qastco.voice.runtime.plans;

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

  /** The limits of a plan by its name in configuration ({@code starter}, …). */
  public PlanLimit named(String plan) {
    return of(Plan.valueOf(plan.toUpperCase(Locale.ROOT)));
  }

  public PlanLimit of(Plan plan) {
    String name = plan.name().toLowerCase(Locale.ROOT);
    return beans.findBean(PlanLimit.class, Qualifiers.byName(name)).orElseThrow(() ->
        new IllegalStateException("No limits configured for plan " + name + " (voice.plans." + name + ".*)"));
  }
}
