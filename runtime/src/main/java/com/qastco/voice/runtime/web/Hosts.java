package com.qastco.voice.runtime.web;

import com.qastco.voice.runtime.tenants.PlatformConfig;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Optional;

/**
 * Which site a request is for, by its Host: the platform's own ({@code <domain>}: landing and sign-up), the
 * platform admin ({@code admin.<domain>}), or a Business ({@code <subdomain>.<domain>} or one of its custom domains).
 */
@Singleton
public class Hosts {
  private final String domain;
  private final TenantDirectory tenants;

  public Hosts(PlatformConfig platform, TenantDirectory tenants) {
    this.domain = platform.getPlatformDomain().toLowerCase(Locale.ROOT);
    this.tenants = tenants;
  }

  public boolean platform(String host) {
    return domain.equals(name(host));
  }

  public boolean admin(String host) {
    return ("admin." + domain).equals(name(host));
  }

  /** The public status page's host, {@code status.<domain>} (a reserved subdomain). */
  public boolean status(String host) {
    return ("status." + domain).equals(name(host));
  }

  public Optional<Tenant> tenant(String host) {
    return tenants.byHost(host);
  }

  public String domain() {
    return domain;
  }

  private static String name(String host) {
    return host == null ? "" : host.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
  }
}
