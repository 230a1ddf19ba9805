package com.qastco.voice.runtime.outbound;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which addresses a URL given by a tenant may reach: public ones only. Refused are the special-purpose ranges of
 * RFC 6890 and its IPv6 registry (loopback, private, link-local with the cloud metadata service at
 * 169.254.169.254, carrier-grade NAT, benchmarking, documentation, multicast, reserved, and the IPv6 forms that
 * carry an IPv4 address), plus what the platform adds (its cluster's pod and service ranges, when they are not
 * private); {@code allowed} ranges are exceptions the platform grants on purpose.
 */
public final class PublicAddresses {
  static final List<String> SPECIAL_PURPOSE = List.of(
      "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
      "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
      "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
      "::/128", "::1/128", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23",
      "2001:db8::/32", "2002::/16", "fc00::/7", "fe80::/10", "ff00::/8");

  private final List<IPAddress> refused;
  private final List<IPAddress> allowed;

  public PublicAddresses(List<String> alsoRefused, List<String> allowed) {
    this.refused = Stream.concat(SPECIAL_PURPOSE.stream(), alsoRefused.stream()).map(PublicAddresses::range)
        .toList();
    this.allowed = allowed.stream().map(PublicAddresses::range).toList();
  }

  /**
   * A name that means something only inside the cluster or on the host: one label (a Service's short name, which
   * the pod's search domains complete), or under {@code svc}, {@code cluster.local}, {@code local},
   * {@code internal} or {@code localhost}.
   */
  public static boolean internalName(String host) {
    String lower = host.toLowerCase(java.util.Locale.ROOT);
    String name = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    if (new IPAddressString(name).isIPAddress() || (name.startsWith("[") && name.endsWith("]"))) {
      return false; // a literal: its address is checked
    }
    return !name.contains(".") || INTERNAL_SUFFIXES.stream().anyMatch(s -> name.endsWith("." + s) || name.equals(s));
  }

  private static final List<String> INTERNAL_SUFFIXES = List.of("svc", "cluster.local", "local", "internal",
      "localhost", "localdomain", "home.arpa");

  public boolean permits(InetAddress address) {
    IPAddress ip = new IPAddressString(address.getHostAddress()).getAddress();
    if (ip == null) {
      return false;
    }
    return allowed.stream().anyMatch(range -> range.contains(ip)) || refused.stream().noneMatch(r -> r.contains(ip));
  }

  private static IPAddress range(String cidr) {
    IPAddress range = new IPAddressString(cidr.trim()).getAddress();
    if (range == null) {
      throw new IllegalArgumentException("Not an address range (CIDR): " + cidr);
    }
    return range.toPrefixBlock();
  }
}
