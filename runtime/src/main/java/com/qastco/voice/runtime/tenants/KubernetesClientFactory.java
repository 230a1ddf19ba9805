package com.qastco.voice.runtime.tenants;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The Kubernetes client: in-cluster service account, kubeconfig, or the {@code kubernetes.master} property. */
@Factory
class KubernetesClientFactory {
  @Singleton
  @Bean(preDestroy = "close")
  KubernetesClient kubernetesClient() {
    return new KubernetesClientBuilder().build();
  }
}
