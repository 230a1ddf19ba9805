package com.qastco.voice.operator.config;

import com.qastco.voice.api.credentials.CredentialsLocation;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's settings, read from environment variables (the Helm chart sets them). Every setting has a
 * default that works for the local run; the README lists them.
 *
 * @param platformDomain        VOICE_PLATFORM_DOMAIN: tenants live at {@code <subdomain>.<platformDomain>}
 * @param publicScheme          VOICE_PUBLIC_SCHEME: scheme of the URLs shown in status
 * @param publicPort            VOICE_PUBLIC_PORT: port in the URLs shown in status, 0 for the scheme's default
 * @param namespaces            VOICE_WATCH_NAMESPACES: comma-separated; empty for the operator's own namespace,
 *                              {@code *} for all
 * @param runtimeService        VOICE_RUNTIME_SERVICE: the runtime's Service, target of every tenant Ingress
 * @param runtimePort           VOICE_RUNTIME_SERVICE_PORT
 * @param ingressClass          VOICE_INGRESS_CLASS: empty for the cluster's default class
 * @param wildcardTlsSecret     VOICE_WILDCARD_TLS_SECRET: TLS Secret for {@code *.<platformDomain>}
 * @param certIssuer            VOICE_CERT_ISSUER: cert-manager issuer for custom domains
 * @param certIssuerKind        VOICE_CERT_ISSUER_KIND: {@code ClusterIssuer} or {@code Issuer}
 * @param keyGracePeriod        VOICE_KEY_GRACE_PERIOD: how long rotated-out keys keep working (ISO-8601)
 * @param leaderElection        VOICE_LEADER_ELECTION: on, so that a second replica can stand by
 * @param leaseNamespace        VOICE_LEADER_ELECTION_NAMESPACE: empty for the operator's own namespace
 * @param leaseDuration         VOICE_LEADER_LEASE_DURATION: how long a silent leader keeps the lease (ISO-8601)
 * @param httpPort              VOICE_OPERATOR_HTTP_PORT: health probes and Prometheus metrics, 0 to turn off
 * @param platformSecret        VOICE_PLATFORM_SECRET: Secret in the operator's namespace with the external systems'
 *                              URLs and credentials (see PlatformSecret)
 * @param externalThreads       VOICE_EXTERNAL_THREADS: concurrent requests per external system
 * @param externalFirstRetry    VOICE_EXTERNAL_FIRST_RETRY: delay before retrying a failed external part (ISO-8601)
 * @param externalMaxRetry      VOICE_EXTERNAL_MAX_RETRY: the longest delay between retries (ISO-8601)
 * @param dnsResolver           VOICE_DNS_RESOLVER: {@code host[:port]} of the DNS server asked for custom domains'
 *                              proofs; empty for the system's resolver
 * @param maxPendingDomains     VOICE_MAX_PENDING_DOMAINS: custom domains one Business may have waiting for proof
 * @param domainRecheck         VOICE_DOMAIN_RECHECK: how often a domain waiting for proof is looked up (ISO-8601)
 * @param credentials           VOICE_CREDENTIALS_NAMESPACE: where the credentials Secrets go (empty: beside each
 *                              Business)
 */
public record OperatorConfig(
    String platformDomain,
    String publicScheme,
    int publicPort,
    Set<String> namespaces,
    String runtimeService,
    int runtimePort,
    String ingressClass,
    String wildcardTlsSecret,
    String certIssuer,
    String certIssuerKind,
    Duration keyGracePeriod,
    boolean leaderElection,
    String leaseNamespace,
    Duration leaseDuration,
    int httpPort,
    String platformSecret,
    int externalThreads,
    Duration externalFirstRetry,
    Duration externalMaxRetry,
    String dnsResolver,
    int maxPendingDomains,
    Duration domainRecheck,
    CredentialsLocation credentials) {

  public static final String ALL_NAMESPACES = "*";

  public static OperatorConfig fromEnvironment() {
    return from(System.getenv());
  }

  public static OperatorConfig from(Map<String, String> env) {
    Env e = new Env(env);
    return new OperatorConfig(
        e.get("VOICE_PLATFORM_DOMAIN", "localhost"),
        e.get("VOICE_PUBLIC_SCHEME", "https"),
        e.integer("VOICE_PUBLIC_PORT", 0),
        Arrays.stream(e.get("VOICE_WATCH_NAMESPACES", "").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet()),
        e.get("VOICE_RUNTIME_SERVICE", "voice-runtime"),
        e.integer("VOICE_RUNTIME_SERVICE_PORT", 80),
        e.get("VOICE_INGRESS_CLASS", "nginx"),
        e.get("VOICE_WILDCARD_TLS_SECRET", "voice-platform-wildcard-tls"),
        e.get("VOICE_CERT_ISSUER", "letsencrypt-prod"),
        e.get("VOICE_CERT_ISSUER_KIND", "ClusterIssuer"),
        Duration.parse(e.get("VOICE_KEY_GRACE_PERIOD", "PT24H")),
        Boolean.parseBoolean(e.get("VOICE_LEADER_ELECTION", "true")),
        e.get("VOICE_LEADER_ELECTION_NAMESPACE", ""),
        Duration.parse(e.get("VOICE_LEADER_LEASE_DURATION", "PT15S")),
        e.integer("VOICE_OPERATOR_HTTP_PORT", 8081),
        e.get("VOICE_PLATFORM_SECRET", "voice-platform-integrations"),
        e.integer("VOICE_EXTERNAL_THREADS", 8),
        Duration.parse(e.get("VOICE_EXTERNAL_FIRST_RETRY", "PT2S")),
        Duration.parse(e.get("VOICE_EXTERNAL_MAX_RETRY", "PT5M")),
        e.get("VOICE_DNS_RESOLVER", ""),
        e.integer("VOICE_MAX_PENDING_DOMAINS", 3),
        Duration.parse(e.get("VOICE_DOMAIN_RECHECK", "PT1M")),
        new CredentialsLocation(e.get("VOICE_CREDENTIALS_NAMESPACE", "")));
  }

  /** The public base URL of a host, as callers and owners type it. */
  public String urlOf(String host) {
    return publicScheme + "://" + host + (publicPort > 0 ? ":" + publicPort : "");
  }

  private record Env(Map<String, String> values) {
    String get(String name, String fallback) {
      String value = values.get(name);
      return value == null ? fallback : value.trim();
    }

    int integer(String name, int fallback) {
      String value = get(name, null);
      try {
        return value == null || value.isEmpty() ? fallback : Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a number, got '" + value + "'", e);
      }
    }
  }
}
