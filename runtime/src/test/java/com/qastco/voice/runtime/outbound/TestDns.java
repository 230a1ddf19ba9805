package com.qastco.voice.runtime.outbound;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The names an attacker would register, answered as their DNS would: a public-looking name that resolves to this
 * machine, or to the cloud's metadata service. A test makes it {@code TenantHttp}'s resolver with
 * {@code @MockBean(DnsResolver.class)}; other names go to the system's resolver.
 */
public final class TestDns implements DnsResolver {
  /** Resolves to 127.0.0.2: this machine, as an internal service would be reached. */
  public static final String REBINDING = "rebind.attacker.example";
  public static final String METADATA = "metadata.attacker.example";
  /** Stands for a Business's own server on the internet (tests allow 127.0.0.3 on purpose). */
  public static final String SHOP = "tools.shop.example";
  /** A Business's CalDAV calendar on the internet (the tests' Radicale, on 127.0.0.3 too). */
  public static final String CALENDAR = "calendar.clinic.example";
  /** The names the tests' loopback certificate is made for (one certificate per test JVM). */
  public static final List<String> CERTIFIED = List.of(SHOP, REBINDING, CALENDAR);
  private static final Map<String, String> NAMES = Map.of(REBINDING, "127.0.0.2", METADATA, "169.254.169.254",
      SHOP, "127.0.0.3", CALENDAR, "127.0.0.3");

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    String address = NAMES.get(host);
    if (address == null) {
      return SystemDefaultDnsResolver.INSTANCE.resolve(host);
    }
    return new InetAddress[] {InetAddress.getByAddress(host, InetAddress.getByName(address).getAddress())};
  }

  @Override
  public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
    return Arrays.stream(resolve(host)).map(a -> new InetSocketAddress(a, port)).toList();
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    return NAMES.containsKey(host) ? host : SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
  }
}
