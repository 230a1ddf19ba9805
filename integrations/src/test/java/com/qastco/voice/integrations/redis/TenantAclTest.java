package com.qastco.voice.integrations.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.qastco.voice.embedded.EmbeddedRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A tenant's ACL user against a real Redis 7: its own keys and channels work, nothing else does. */
class TenantAclTest {
  private static EmbeddedRedisServer server;
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> admin;
  private static TenantAcl acl;

  @BeforeAll
  static void start() {
    server = EmbeddedRedisServer.start();
    client = RedisClient.create(server.uri());
    admin = client.connect();
    acl = new TenantAcl(List.of(admin));
  }

  @AfterAll
  static void stop() {
    admin.close();
    client.shutdown();
    server.close();
  }

  @Test
  void tenantUsesItsOwnKeysAndChannels() {
    acl.ensure("pizza-one", "password-one-0123456789");
    try (var connection = connectAs("pizza-one", "password-one-0123456789")) {
      RedisCommands<String, String> redis = connection.sync();
      redis.set("business:{pizza-one}:greeting", "ciao");
      assertThat(redis.get("business:{pizza-one}:greeting")).isEqualTo("ciao");
      redis.hset("business:{pizza-one}:session:1", "status", "live");
      assertThat(redis.incr("business:{pizza-one}:count")).isEqualTo(1);
      assertThat(redis.publish("business:{pizza-one}:events", "hello")).isZero();
      assertThat(redis.eval("return redis.call('GET', KEYS[1])", io.lettuce.core.ScriptOutputType.VALUE,
          "business:{pizza-one}:greeting").toString()).isEqualTo("ciao");
    }
  }

  @Test
  void tenantGetsNopermOnAnotherTenantsKeysAndChannels() {
    acl.ensure("pizza-a", "password-a-0123456789");
    acl.ensure("pizza-b", "password-b-0123456789");
    admin.sync().set("business:{pizza-b}:secret", "b's data");
    try (var connection = connectAs("pizza-a", "password-a-0123456789")) {
      RedisCommands<String, String> redis = connection.sync();
      assertNoperm(r -> r.get("business:{pizza-b}:secret"), redis);
      assertNoperm(r -> r.set("business:{pizza-b}:secret", "overwritten"), redis);
      assertNoperm(r -> r.del("business:{pizza-b}:secret"), redis);
      assertNoperm(r -> r.set("unprefixed", "x"), redis);
      assertNoperm(r -> r.rename("business:{pizza-a}:x", "business:{pizza-b}:x"), redis);
      assertNoperm(r -> r.publish("business:{pizza-b}:events", "spoof"), redis);
      assertNoperm(r -> r.eval("return redis.call('GET', KEYS[1])", io.lettuce.core.ScriptOutputType.VALUE,
          "business:{pizza-b}:secret"), redis);
    }
    try (StatefulRedisPubSubConnection<String, String> pubsub = client.connectPubSub(uriFor("pizza-a",
        "password-a-0123456789"))) {
      assertThatThrownBy(() -> pubsub.sync().subscribe("business:{pizza-b}:events"))
          .isInstanceOf(RedisCommandExecutionException.class).hasMessageContaining("NOPERM");
      assertThatThrownBy(() -> pubsub.sync().psubscribe("business:*"))
          .isInstanceOf(RedisCommandExecutionException.class).hasMessageContaining("NOPERM");
    }
    assertThat(admin.sync().get("business:{pizza-b}:secret")).isEqualTo("b's data");
  }

  @Test
  void tenantGetsNopermOnEveryAdminAndListingCommand() {
    acl.ensure("pizza-c", "password-c-0123456789");
    try (var connection = connectAs("pizza-c", "password-c-0123456789")) {
      RedisCommands<String, String> redis = connection.sync();
      assertNoperm(r -> r.keys("*"), redis);
      assertNoperm(r -> r.scan(ScanCursor.INITIAL, ScanArgs.Builder.matches("*")), redis);
      assertNoperm(r -> r.randomkey(), redis);
      assertNoperm(r -> r.aclList(), redis);
      assertNoperm(r -> r.aclSetuser("pizza-c", io.lettuce.core.AclSetuserArgs.Builder.allCommands()), redis);
      assertNoperm(r -> r.configGet("requirepass"), redis);
      assertNoperm(r -> r.configSet("save", "60 1"), redis);
      assertNoperm(r -> r.flushall(), redis);
      assertNoperm(r -> r.flushdb(), redis);
      assertNoperm(r -> r.select(2), redis);
      assertNoperm(r -> r.info(), redis);
      assertNoperm(r -> r.clientList(), redis);
      assertNoperm(r -> r.pubsubChannels(), redis);
      assertNoperm(r -> r.scriptFlush(), redis);
      assertNoperm(r -> r.functionList(), redis);
    }
  }

  @Test
  void ensureIsRepeatableAndChangesThePassword() {
    acl.ensure("pizza-d", "first-password-0123456");
    acl.ensure("pizza-d", "first-password-0123456");
    assertThat(acl.exists("pizza-d")).isTrue();
    acl.ensure("pizza-d", "second-password-0123456");
    // AUTH on an open connection: a refused handshake may surface as a closed connection instead of WRONGPASS.
    try (var connection = client.connect()) {
      assertThatThrownBy(() -> connection.sync().auth(TenantAcl.userOf("pizza-d"), "first-password-0123456"))
          .hasMessage("WRONGPASS invalid username-password pair or user is disabled.");
    }
    try (var connection = connectAs("pizza-d", "second-password-0123456")) {
      assertThat(connection.sync().ping()).isEqualTo("PONG");
    }
  }

  @Test
  void removeDeletesTheUserAndEveryKeyInBatchesButNoOtherTenantsKeys() {
    acl.ensure("pizza-e", "password-e-0123456789");
    RedisCommands<String, String> redis = admin.sync();
    IntStream.range(0, 2_345).forEach(i -> redis.set("business:{pizza-e}:k" + i, "v"));
    redis.set("business:{pizza-ee}:kept", "not a prefix match");
    redis.set("business:{pizza-f}:kept", "another tenant");

    assertThat(acl.remove("pizza-e")).isEqualTo(2_345);

    assertThat(acl.exists("pizza-e")).isFalse();
    List<String> left = redis.scan(ScanCursor.INITIAL, ScanArgs.Builder.matches("business:{pizza-e}:*")
        .limit(100_000)).getKeys();
    assertThat(left).isEmpty();
    assertThat(redis.get("business:{pizza-ee}:kept")).isNotNull();
    assertThat(redis.get("business:{pizza-f}:kept")).isNotNull();
    assertThat(acl.remove("pizza-e")).isZero(); // a second removal (a retried delete) is harmless
  }

  private static StatefulRedisConnection<String, String> connectAs(String subdomain, String password) {
    return client.connect(uriFor(subdomain, password));
  }

  private static RedisURI uriFor(String subdomain, String password) {
    return RedisURI.builder(RedisURI.create(server.uri()))
        .withAuthentication(TenantAcl.userOf(subdomain), password).build();
  }

  private static void assertNoperm(Consumer<RedisCommands<String, String>> command,
                                   RedisCommands<String, String> redis) {
    assertThatThrownBy(() -> command.accept(redis))
        .isInstanceOf(RedisCommandExecutionException.class)
        .hasMessageContaining("NOPERM");
  }

  @Test
  void withSeveralNodesTheUserIsSetAndRemovedOnEachOfThem() {
    try (EmbeddedRedisServer second = EmbeddedRedisServer.start()) {
      RedisClient secondClient = RedisClient.create(second.uri());
      try (var secondAdmin = secondClient.connect()) {
        TenantAcl cluster = new TenantAcl(List.of(admin, secondAdmin));
        cluster.ensure("pizza-g", "password-g-0123456789");
        assertThat(admin.sync().aclUsers()).contains("business-pizza-g");
        assertThat(secondAdmin.sync().aclUsers()).contains("business-pizza-g");
        secondAdmin.sync().set("business:{pizza-g}:on-second", "v");

        assertThat(cluster.remove("pizza-g")).isEqualTo(1);
        assertThat(cluster.exists("pizza-g")).isFalse();
        assertThat(secondAdmin.sync().aclUsers()).doesNotContain("business-pizza-g");
      } finally {
        secondClient.shutdown();
      }
    }
  }
}
