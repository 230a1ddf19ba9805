package com.qastco.voice.api.credentials;

/**
 * Where a Business's credentials Secret lives, the same for the operator (which writes it) and the runtime (which
 * reads it). With a namespace of their own, the runtime may read Secrets there and nowhere else: RBAC cannot narrow
 * a list to a label, and the Businesses' namespace also holds the wildcard TLS key and the platform's own Secrets.
 * Without one (the local run), each Secret sits next to its Business.
 *
 * @param namespace the credentials namespace, or empty for the Business's own
 */
public record CredentialsLocation(String namespace) {
  public static final CredentialsLocation BESIDE_EACH_BUSINESS = new CredentialsLocation("");

  public CredentialsLocation {
    namespace = namespace == null ? "" : namespace.trim();
  }

  public boolean separate() {
    return !namespace.isEmpty();
  }

  public String namespaceOf(String businessNamespace) {
    return separate() ? namespace : businessNamespace;
  }

  /** Names cannot clash in a namespace shared by the Businesses of several namespaces. */
  public String nameOf(String businessNamespace, String businessName) {
    return (separate() ? businessNamespace + "." : "") + businessName + "-credentials";
  }
}
