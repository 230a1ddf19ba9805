package com.qastco.voice.runtime.ratelimits;

import com.qastco.voice.runtime.web.WebConfig;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who is asking, as far as limits are concerned. Each proxy in front of the runtime appends the address it saw to
 * {@code X-Forwarded-For}; only those appended by the platform's own proxies can be believed, so the client is the
 * entry {@code voice.web.trusted-proxies} places from the end of the chain (the connection's peer counted as the last
 * hop). Whatever a client writes into the header itself lands before that and is ignored. With no proxy configured
 * (0), the connection's peer is the client.
 */
@Singleton
public class ClientAddress {
  private final int trustedProxies;

  public ClientAddress(WebConfig web) {
    int trustedProxies = web.getTrustedProxies();
    if (trustedProxies < 0) {
      throw new IllegalArgumentException("voice.web.trusted-proxies must be 0 or more, not " + trustedProxies);
    }
    this.trustedProxies = trustedProxies;
  }

  public String of(HttpRequest<?> request) {
    List<String> hops = new ArrayList<>();
    for (String header : request.getHeaders().getAll("X-Forwarded-For")) {
      for (String hop : header.split(",")) {
        if (!hop.isBlank()) {
          hops.add(hop.trim());
        }
      }
    }
    var peer = request.getRemoteAddress();
    hops.add(peer == null ? "unknown" : peer.getAddress() == null ? peer.getHostString()
        : peer.getAddress().getHostAddress());
    return hops.get(Math.max(0, hops.size() - 1 - trustedProxies));
  }

  /**
   * The block an address belongs to, for limits that one person with many addresses should not escape: the /24 of
   * an IPv4 address, the /64 of an IPv6 one (what a single home or server is usually given).
   */
  public static String block(String address) {
    String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
        : address;
    if (!literal.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
      return address; // not an address literal ("unknown", a name): its own block, and never a DNS lookup
    }
    try {
      byte[] bytes = InetAddress.getByName(literal).getAddress();
      if (bytes.length == 4) {
        return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24";
      }
      StringBuilder block = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        block.append(Integer.toHexString((bytes[i] & 0xff) << 8 | (bytes[i + 1] & 0xff))).append(':');
      }
      return block.append(":/64").toString();
    } catch (UnknownHostException e) {
      return address;
    }
  }
}
