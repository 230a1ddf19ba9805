package com.qastco.voice.runtime.outbound;

import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.integrations.ExternalSystemException.Kind;
import com.qastco.voice.integrations.http.HttpCalls;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Requests to URLs a tenant gave the platform (its webhook). A tenant could name any host, so the name is
 * resolved by the client's own resolver and every address it answers must be public ({@link PublicAddresses})
 * before a connection is made, to that checked address: a name that answers differently the second time (DNS
 * rebinding) gains nothing. No redirects are followed, no proxy is used, the whole request has one deadline, and
 * no more than {@code voice.outbound.max-response-bytes} of an answer is read. Errors say what a tenant may
 * know: never the address a name resolved to, nor an exception's name.
 */
@Singleton
public class TenantHttp implements AutoCloseable {
  /**
   * @param truncated the answer was longer than the platform reads; {@code body} holds its beginning
   * @param contentType the answer's Content-Type header; null without one
   */
  public record Reply(int status, Optional<Duration> retryAfter, String body, boolean truncated,
                      String contentType) {}

  private final OutboundConfig config;
  private final DnsResolver checked;
  private final CloseableHttpClient client;
  private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "tenant-http-deadlines");
    thread.setDaemon(true);
    return thread;
  });

  public TenantHttp(OutboundConfig config, DnsResolver dns) {
    this.config = config;
    PublicAddresses addresses = new PublicAddresses(config.getRefusedCidrs(), config.getAllowedCidrs());
    this.checked = new PublicOnly(dns, addresses);
    this.client = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(checked)
            .setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(config.getConnectTimeout()))
                .setSocketTimeout(Timeout.of(config.getTimeout())).build())
            .setMaxConnTotal(200).setMaxConnPerRoute(4).build())
        .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement().disableAuthCaching()
        .build();
  }

  /** A name whose addresses are not all public; refused before any connection. */
  static final class RefusedAddress extends UnknownHostException {
    RefusedAddress(String host) {
      super(host);
    }
  }

  /**
   * Every address must pass: the client tries the next one when a connection fails. Names that only mean
   * something inside the cluster or the host (a Service's short name completed by the pod's search domains,
   * {@code *.svc}, {@code *.cluster.local}, {@code localhost}) are refused before they are looked up.
   */
  private record PublicOnly(DnsResolver dns, PublicAddresses addresses) implements DnsResolver {
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      if (PublicAddresses.internalName(host)) {
        throw new RefusedAddress(host);
      }
      InetAddress[] all = dns.resolve(host);
      for (InetAddress address : all) {
        if (!addresses.permits(address)) {
          throw new RefusedAddress(host);
        }
      }
      return all;
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
      return Arrays.stream(resolve(host)).map(a -> new InetSocketAddress(a, port)).toList();
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
      return dns.resolveCanonicalHostname(host);
    }
  }

  /**
   * Why the platform would refuse to call {@code url} now, for a form to say when a tenant gives it; empty when it
   * would call it. Checked again on every request: a name may resolve differently by then.
   */
  public Optional<String> refusal(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return Optional.of("is not a URL");
    }
    if (uri.getHost() == null) {
      return Optional.of("has no host name");
    }
    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
        : uri.getHost();
    try {
      checked.resolve(host);
      return Optional.empty();
    } catch (RefusedAddress e) {
      return Optional.of("points inside a private network; the platform calls only hosts on the internet");
    } catch (UnknownHostException e) {
      return Optional.of("has a host name that is not known");
    }
  }

  /** POSTs {@code body} as JSON; {@code what} names the destination in errors ("The webhook ..."). */
  public Reply postJson(String what, URI url, Map<String, String> headers, String body) {
    return postJson(what, url, headers, body, config.getTimeout(), config.getMaxResponseBytes());
  }

  /** The same with a deadline and an answer size of the caller's, within the platform's. */
  public Reply postJson(String what, URI url, Map<String, String> headers, String body, Duration timeout,
                        int maxResponseBytes) {
    return send(what, "POST", url, headers, body, ContentType.APPLICATION_JSON, timeout,
        Math.min(maxResponseBytes, config.getMaxResponseBytes()));
  }

  /**
   * Any method (WebDAV's PROPFIND and REPORT, PUT, DELETE…) with the same checks; {@code body} may be null.
   *
   * @param type the body's Content-Type
   * @param maxResponseBytes read no more than this of the answer (a calendar may be larger than a webhook's reply)
   */
  public Reply send(String what, String method, URI url, Map<String, String> headers, String body, ContentType type,
                    Duration timeout, int maxResponseBytes) {
    Duration deadlineAfter = timeout.compareTo(config.getTimeout()) < 0 ? timeout : config.getTimeout();
    int limit = maxResponseBytes;
    if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
      throw new ExternalSystemException(what, Kind.REJECTED, "The " + what + " URL must be http or https", null,
          null);
    }
    HttpUriRequestBase request = new HttpUriRequestBase(method, url);
    headers.forEach(request::setHeader);
    if (body != null) {
      request.setEntity(new StringEntity(body, type));
    }
    ScheduledFuture<?> deadline = deadlines.schedule(request::cancel, deadlineAfter.toMillis(),
        TimeUnit.MILLISECONDS);
    try {
      return client.execute(request, response -> read(response, limit));
    } catch (IOException e) {
      if (causedBy(e, RefusedAddress.class)) {
        throw new ExternalSystemException(what, Kind.REJECTED, "The " + what + " URL's host is not a public"
            + " address; the platform calls only hosts on the internet", null, null);
      }
      if (request.isCancelled() || causedBy(e, SocketTimeoutException.class)) {
        throw new ExternalSystemException(what, Kind.TIMEOUT, "The " + what + " did not answer within "
            + seconds(deadlineAfter) + " s", null, null);
      }
      if (causedBy(e, UnknownHostException.class)) {
        throw new ExternalSystemException(what, Kind.UNREACHABLE, "The " + what + " URL's host name is not"
            + " known", null, null);
      }
      if (causedBy(e, javax.net.ssl.SSLException.class)) {
        throw new ExternalSystemException(what, Kind.UNREACHABLE, "The " + what + " could not be reached over"
            + " TLS; is its certificate valid for its host name?", null, null);
      }
      throw new ExternalSystemException(what, Kind.UNREACHABLE, "The " + what + " cannot be reached", null, null);
    } finally {
      deadline.cancel(false);
    }
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : Double.toString(d.toMillis() / 1000.0);
  }

  private static Reply read(ClassicHttpResponse response, int limit) throws IOException {
    Header retryAfter = response.getFirstHeader("Retry-After");
    byte[] body = new byte[0];
    if (response.getEntity() != null) {
      try (InputStream in = response.getEntity().getContent()) {
        body = in.readNBytes(limit + 1);
      }
    }
    boolean truncated = body.length > limit;
    String text = new String(body, 0, Math.min(body.length, limit), StandardCharsets.UTF_8);
    Header type = response.getFirstHeader("Content-Type");
    return new Reply(response.getCode(), Optional.ofNullable(retryAfter).flatMap(h -> HttpCalls.retryAfter(
        h.getValue())), text, truncated, type == null ? null : type.getValue());
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  @PreDestroy
  @Override
  public void close() throws IOException {
    deadlines.shutdownNow();
    client.close();
  }
}
