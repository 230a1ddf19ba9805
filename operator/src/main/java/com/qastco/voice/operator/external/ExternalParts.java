package com.qastco.voice.operator.external;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.IntegrationsStatus;
import com.qastco.voice.operator.conditions.Conditions;
import com.qastco.voice.operator.conditions.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The external parts of a Business taken together: their conditions and ids, and their removal. */
public final class ExternalParts {
  private final List<ExternalPart<?, ?>> parts;
  private final ExternalProvisioner provisioner;

  public ExternalParts(List<ExternalPart<?, ?>> parts, ExternalProvisioner provisioner) {
    this.parts = List.copyOf(parts);
    this.provisioner = provisioner;
  }

  /** The condition types the parts write. */
  public List<String> conditions() {
    return parts.stream().map(ExternalPart::condition).toList();
  }

  /** One condition per part, and the ids of everything provisioned so far. */
  public record Result(List<Outcome> outcomes, IntegrationsStatus ids) {}

  public Result reconcile(Business business, ExternalPart.Inputs inputs) {
    IntegrationsStatus known = known(business);
    IntegrationsStatus ids = known;
    List<Outcome> outcomes = new ArrayList<>();
    for (ExternalPart<?, ?> part : parts) {
      PartResult result = observe(business, part, inputs, known, ids);
      outcomes.add(result.outcome());
      ids = result.ids();
    }
    return new Result(outcomes, ids);
  }

  private record PartResult(Outcome outcome, IntegrationsStatus ids) {}

  private <D, R> PartResult observe(Business business, ExternalPart<D, R> part, ExternalPart.Inputs inputs,
                                    IntegrationsStatus known, IntegrationsStatus ids) {
    Optional<ExternalPart.Off> off = part.off(business);
    if (off.isPresent()) {
      // A part switched off (not configured on the platform, or disabled by the Business) does not hold up Ready.
      return new PartResult(Outcome.failed(part.condition(), off.get().reason(), off.get().message()).advisory(),
          ids);
    }
    boolean wasReady = business.getStatus() != null && Conditions.find(business.getStatus().conditions(),
        part.condition()).map(c -> "True".equals(c.getStatus())).orElse(false);
    ExternalProvisioner.State<R> state = provisioner.observe(business, part, part.desired(business, inputs),
        part.idsIn(known), wasReady);
    return new PartResult(state.outcome(), part.withIds(ids, state.ids()));
  }


  /**
   * Removes every part; empty when all are gone (or retained by policy), otherwise what is still under way.
   * A part that is switched off for this Business is skipped unless it holds ids from earlier.
   */
  public Optional<String> remove(Business business) {
    IntegrationsStatus known = known(business);
    List<String> pending = new ArrayList<>();
    for (ExternalPart<?, ?> part : parts) {
      removeOne(business, part, known).ifPresent(pending::add);
    }
    if (pending.isEmpty()) {
      provisioner.forget(business);
      return Optional.empty();
    }
    return Optional.of(String.join("; ", pending));
  }

  private <D, R> Optional<String> removeOne(Business business, ExternalPart<D, R> part, IntegrationsStatus known) {
    R ids = part.idsIn(known);
    if (ids == null && part.off(business).isPresent()) {
      return Optional.empty();
    }
    ExternalProvisioner.Removal removal = provisioner.remove(business, part, ids);
    return removal.done() ? Optional.empty() : Optional.of(removal.message());
  }

  private static IntegrationsStatus known(Business business) {
    return business.getStatus() == null || business.getStatus().integrations() == null ? IntegrationsStatus.NONE
        : business.getStatus().integrations();
  }
}
