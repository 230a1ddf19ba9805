package com.qastco.voice.runtime.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublicAddressesTest {
  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal); // a literal: no lookup
  }

  @Test
  void internalAndSpecialAddressesAreRefusedPublicOnesPass() throws Exception {
    PublicAddresses addresses = new PublicAddresses(List.of(), List.of());

    for (String inside : List.of("127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255",
        "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "198.18.0.1", "224.0.0.1", "255.255.255.255",
        "::1", "::", "fe80::1", "fd00::1", "fc00::1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "2002:a00:1::1",
        "2001:db8::1", "ff02::1")) {
      assertThat(addresses.permits(ip(inside))).as(inside).isFalse();
    }
    for (String outside : List.of("8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111",
        "2a00:1450:4001::200e")) {
      assertThat(addresses.permits(ip(outside))).as(outside).isTrue();
    }
  }

  @Test
  void thePlatformAddsRangesAndExceptions() throws Exception {
    PublicAddresses addresses = new PublicAddresses(List.of("34.118.224.0/20"), List.of("10.20.0.0/16"));

    assertThat(addresses.permits(ip("34.118.230.1"))).isFalse(); // a cluster's service range on public space
    assertThat(addresses.permits(ip("10.20.3.4"))).isTrue(); // a partner network reached on purpose
    assertThat(addresses.permits(ip("10.21.0.1"))).isFalse();
    assertThatThrownBy(() -> new PublicAddresses(List.of("not-a-range"), List.of()))
        .hasMessage("Not an address range (CIDR): not-a-range");
  }

  @Test
  void namesThatOnlyMeanSomethingInsideAreRefusedBeforeTheyAreLookedUp() {
    for (String inside : List.of("redis", "redis.", "kubernetes.default.svc", "redis.voice.svc.cluster.local",
        "printer.local", "metadata.google.internal", "localhost", "app.localhost", "router.home.arpa")) {
      assertThat(PublicAddresses.internalName(inside)).as(inside).isTrue();
    }
    for (String outside : List.of("shop.example.com", "api.stripe.com", "127.0.0.1", "[::1]", "::1")) {
      assertThat(PublicAddresses.internalName(outside)).as(outside).isFalse(); // literals: their address is checked
    }
  }
}
