package com.qastco.voice.operator.external;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.IntegrationsStatus;
import com.qastco.voice.api.v1alpha1.IntegrationsStatus.RedisStatus;
import com.qastco.voice.integrations.redis.TenantAcl;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tenant's Redis namespace: an ACL user limited to {@code business:{<business id>}:*} keys and channels, with
 * the password kept in the credentials Secret. Deletion removes the user and every key of the tenant (its
 * Redis data is live state and counters, rebuilt from PostgreSQL, so there is nothing to retain).
 */
public final class RedisPart implements ExternalPart<RedisPart.Desired, RedisStatus>, AutoCloseable {
  static final String URL = "redis-url";
  private final PlatformSecret platform;
  private String connectedTo;
  private final List<RedisClient> clients = new ArrayList<>();
  private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();

  public RedisPart(PlatformSecret platform) {
    this.platform = platform;
  }

  /** The password takes part in equality (a changed password is re-applied) but never in toString. */
  public record Desired(String businessId, String password) {
    @Override
    public String toString() {
      return "Desired[businessId=" + businessId + "]";
    }
  }

  @Override
  public String system() {
    return "Redis";
  }

  @Override
  public String condition() {
    return "RedisReady";
  }

  @Override
  public Optional<Off> off(Business business) {
    return Off.check(business, "redis", platform, "The platform has no Redis", URL);
  }

  @Override
  public Desired desired(Business business, Inputs inputs) {
    return new Desired(inputs.businessId(), inputs.redisPassword());
  }

  @Override
  public Provisioned<RedisStatus> provision(Business business, Desired desired, RedisStatus previous) {
    acl().ensure(desired.businessId(), desired.password());
    RedisStatus ids = new RedisStatus(TenantAcl.userOf(desired.businessId()), TenantAcl.prefixOf(desired.businessId()));
    return new Provisioned<>(ids, "ACL user " + ids.user() + " limited to keys and channels " + ids.keyPrefix() + "*");
  }

  @Override
  public String remove(Business business, RedisStatus previous) {
    String businessId = business.getStatus() == null ? null : business.getStatus().businessId();
    if (businessId == null || platform.current().get(URL).isEmpty()) {
      return "Nothing was provisioned in Redis";
    }
    long keys = acl().remove(businessId);
    return "Removed ACL user " + TenantAcl.userOf(businessId) + " and " + keys + " keys";
  }

  @Override
  public RedisStatus idsIn(IntegrationsStatus status) {
    return status.redis();
  }

  @Override
  public IntegrationsStatus withIds(IntegrationsStatus status, RedisStatus ids) {
    return status.withRedis(ids);
  }

  /**
   * One connection per node for all tenants, reopened when the platform points elsewhere. {@code redis-url} lists
   * every node of a Redis Cluster, comma-separated: ACL users are not propagated between nodes.
   */
  private synchronized TenantAcl acl() {
    String urls = platform.current().get(URL).orElseThrow(() -> new IllegalStateException("Redis not configured"));
    if (!urls.equals(connectedTo)) {
      close();
      for (String url : urls.split(",")) {
        RedisClient client = RedisClient.create(url.trim());
        clients.add(client);
        connections.add(client.connect());
      }
      connectedTo = urls;
    }
    return new TenantAcl(connections);
  }

  @Override
  public synchronized void close() {
    connections.forEach(StatefulRedisConnection::close);
    clients.forEach(RedisClient::shutdown);
    connections.clear();
    clients.clear();
    connectedTo = null;
  }
}
