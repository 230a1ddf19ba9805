package com.qastco.voice.runtime.outbound;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/** The resolver {@link TenantHttp} asks before it checks the answers: the system's. */
@Factory
class OutboundDns {
  @Singleton
  DnsResolver dns() {
    return SystemDefaultDnsResolver.INSTANCE;
  }
}
