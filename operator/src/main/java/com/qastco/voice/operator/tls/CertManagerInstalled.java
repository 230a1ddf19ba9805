package com.qastco.voice.operator.tls;

import com.qastco.voice.api.v1alpha1.Business;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Certificates' activation condition: cert-manager's CRD is installed. While it is not, the CRD is looked up
 * again at most every {@link #RECHECK} (JOSDK's own {@code CRDPresentActivationCondition} gives up after ten
 * looks and keeps its answer in a static for the whole JVM), so cert-manager installed an hour after the operator
 * is found without a restart; JOSDK then starts the Certificates' informer by itself.
 */
public class CertManagerInstalled implements Condition<Certificate, Business> {
  static final Duration RECHECK = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(CertManagerInstalled.class);
  private volatile boolean installed;
  private long checkedAt;
  private boolean checked;

  @Override
  public boolean isMet(DependentResource<Certificate, Business> dependent, Business primary,
                       Context<Business> context) {
    if (installed) {
      return true; // a CRD once installed is not expected to go; cert-manager is not uninstalled under Businesses
    }
    synchronized (this) {
      long now = System.nanoTime();
      if (checked && now - checkedAt < RECHECK.toNanos()) {
        return installed;
      }
      checked = true;
      checkedAt = now;
      try {
        installed = context.getClient().apiextensions().v1().customResourceDefinitions()
            .withName(Certificate.CRD_NAME).get() != null;
      } catch (KubernetesClientException e) {
        LOG.warn("Cannot read CRD {} ({}); custom domains get no certificates until it can be read",
            Certificate.CRD_NAME, e.getMessage());
      }
      if (installed) {
        LOG.info("cert-manager found (CRD {}): custom domains get certificates", Certificate.CRD_NAME);
      }
      return installed;
    }
  }
}
