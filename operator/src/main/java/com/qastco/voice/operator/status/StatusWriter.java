package com.qastco.voice.operator.status;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the whole status with a PUT on {@code /status}, guarded by the resourceVersion the status was
 * computed from. Not a JSON Patch: one computed against a stale cached copy addresses list items by index
 * and can fail or corrupt the status. Not a merge patch: the test API server appends lists on merge, where a
 * real one replaces them, and what is tested must be what runs.
 */
public final class StatusWriter {
  private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);
  private final KubernetesClient client;

  public StatusWriter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * @param business the Business as the status was computed from (its resourceVersion is the guard)
   * @return false when the Business changed meanwhile and nothing was written
   */
  public boolean write(Business business, BusinessStatus status) {
    Business copy = client.getKubernetesSerialization().clone(business);
    copy.setStatus(status);
    try {
      client.resource(copy).updateStatus();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      // The Business changed meanwhile; its watch event is on the way and brings a fresh reconcile.
      LOG.debug("Status of {}/{} not written: the Business changed since it was read",
          business.getMetadata().getNamespace(), business.getMetadata().getName());
      return false;
    }
  }
}
