package com.qastco.voice.operator.routing;

import com.qastco.voice.api.domains.DomainProof;
import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.operator.config.OperatorConfig;
import java.io.IOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Which of a Business's custom domains it has proven to own ({@link DomainProof}: a TXT record only the domain's owner
 * can publish). Until then a domain gets no route and no certificate, so nobody can squat a company's domain before
 * it signs up, and no ACME order is started for a domain nobody proved. A proven domain stays proven (in the status)
 * while the Business asks for it. At most {@code maxPendingDomains} are looked up per Business, so one tenant cannot
 * make the operator query DNS for a hundred names.
 */
public final class DomainOwnership {
  private static final Logger LOG = LoggerFactory.getLogger(DomainOwnership.class);
  private final OperatorConfig config;
  private final Resolver resolver;

  public DomainOwnership(OperatorConfig config) {
    this.config = config;
    try {
      String server = config.dnsResolver();
      if (server.isBlank()) {
        resolver = new SimpleResolver();
      } else {
        int colon = server.lastIndexOf(':');
        boolean port = colon > 0 && server.indexOf(':') == colon; // host:port, not a bare IPv6 address
        resolver = new SimpleResolver(port ? server.substring(0, colon) : server);
        if (port) {
          resolver.setPort(Integer.parseInt(server.substring(colon + 1)));
        }
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("VOICE_DNS_RESOLVER " + config.dnsResolver() + " cannot be resolved", e);
    }
    resolver.setTimeout(Duration.ofSeconds(3));
  }

  /**
   * @param proven  requested domains the Business has proven (now or before)
   * @param pending requested domains still waiting, with what the owner must do
   */
  public record Result(Set<String> proven, Map<String, String> pending) {
    public static final Result NONE = new Result(Set.of(), Map.of());
  }

  public Result check(Business business, String businessId) {
    List<String> before = business.getStatus() == null || business.getStatus().verifiedDomains() == null ? List.of()
        : business.getStatus().verifiedDomains();
    Set<String> proven = new LinkedHashSet<>();
    Map<String, String> pending = new LinkedHashMap<>();
    int looked = 0;
    for (String requested : business.getSpec().customDomainsOrEmpty()) {
      String domain = requested.toLowerCase(Locale.ROOT);
      if (HostClaims.isUnderPlatformDomain(domain, config) || proven.contains(domain)) {
        continue;
      }
      if (before.contains(domain)) {
        proven.add(domain);
      } else if (looked++ >= config.maxPendingDomains()) {
        pending.put(domain, "is not checked: at most " + config.maxPendingDomains() + " domains may wait for"
            + " proof at once; remove one or prove the others first");
      } else if (published(domain, DomainProof.token(businessId, domain))) {
        proven.add(domain);
      } else {
        pending.put(domain, "waits for proof of ownership: " + DomainProof.instruction(businessId, domain));
      }
    }
    return new Result(proven, pending);
  }

  private boolean published(String domain, String token) {
    try {
      Record question = Record.newRecord(Name.fromString(DomainProof.recordName(domain) + "."), Type.TXT, DClass.IN);
      Message answer = resolver.send(Message.newQuery(question));
      if (answer.getRcode() != Rcode.NOERROR) {
        return false;
      }
      return answer.getSection(Section.ANSWER).stream().filter(TXTRecord.class::isInstance)
          .map(TXTRecord.class::cast).anyMatch(txt -> txt.getStrings().contains(token));
    } catch (IOException e) {
      // Unreachable DNS is not a refusal: the domain keeps waiting and is looked up again.
      LOG.info("DNS lookup of {} failed: {}", DomainProof.recordName(domain), e.getMessage());
      return false;
    }
  }
}
