package com.qastco.voice.integrations.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import com.qastco.voice.integrations.ExternalSystemException;
import java.util.ArrayList;
import java.util.List;

/**
 * A tenant's Redis namespace: an ACL user that can touch only the keys and channels under its prefix
 * ({@code business:{<business id>}:}), and the removal of both user and keys.
 *
 * <p>Both are named after the business id, which the operator mints and nobody can claim: a subdomain can be
 * asked for by a second Business, and a name derived from it would hand that Business the first one's keys.
 *
 * <p>The rules are an allow-list of data commands followed by explicit removals: {@code +@read} alone would hand
 * out KEYS and SCAN, which list other tenants' key names despite the key pattern; SELECT, SWAPDB and MOVE would
 * step into another database; PUBSUB CHANNELS would list other tenants' channels; SCRIPT FLUSH and FUNCTION would
 * touch every tenant's scripts. Redis applies the rules left to right, so the removals win.
 *
 * <p>Redis Cluster does not propagate ACL users: with several nodes, every rule is applied to each of them (and
 * a tenant's keys, which share one hash slot, are looked for on each).
 */
public final class TenantAcl {
  static final List<String> ALLOWED = List.of("+@read", "+@write", "+@pubsub", "+@transaction", "+@connection",
      "+@scripting", "+@fast");
  static final List<String> REMOVED = List.of("-@admin", "-@dangerous", "-keys", "-scan", "-randomkey", "-acl",
      "-config", "-flushall", "-flushdb", "-select", "-swapdb", "-move", "-pubsub", "-function", "-script|flush",
      "-script|kill", "-client", "-info", "-debug", "-monitor", "-shutdown", "-migrate", "-sort", "-sort_ro");
  private static final int DELETE_BATCH = 500;

  private final List<StatefulRedisConnection<String, String>> nodes;

  /** One connection per node, each as a user that may run ACL, SCAN and UNLINK: the platform's own. */
  public TenantAcl(List<StatefulRedisConnection<String, String>> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /** The key prefix of a tenant (its business id); the braces keep all of its keys in one cluster slot. */
  public static String prefixOf(String businessId) {
    return "business:{" + businessId + "}:";
  }

  public static String userOf(String businessId) {
    return "business-" + businessId;
  }

  /** Creates the user, or resets it to exactly these rules and this password. */
  public void ensure(String businessId, String password) {
    String prefix = prefixOf(businessId);
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("SETUSER").add(userOf(businessId))
        .add("reset").add("on").add(">" + password).add("~" + prefix + "*").add("&" + prefix + "*");
    ALLOWED.forEach(args::add);
    REMOVED.forEach(args::add);
    nodes.forEach(node -> call(() -> node.sync().dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8),
        args)));
  }

  /** Whether every node has the user. */
  public boolean exists(String businessId) {
    return nodes.stream().allMatch(node -> call(() -> node.sync().aclUsers().contains(userOf(businessId))));
  }

  /**
   * Deletes the user (its open connections are closed by Redis) and then every key under the prefix, a batch at a
   * time with SCAN and UNLINK, so Redis is never blocked by one big command and the memory is freed in the
   * background. Returns how many keys were removed.
   */
  public long remove(String businessId) {
    return nodes.stream().mapToLong(node -> removeFrom(node, businessId)).sum();
  }

  private static long removeFrom(StatefulRedisConnection<String, String> node, String businessId) {
    String prefix = prefixOf(businessId);
    return call(() -> {
      RedisCommands<String, String> redis = node.sync();
      redis.aclDeluser(userOf(businessId));
      long removed = 0;
      ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(DELETE_BATCH);
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = redis.scan(cursor, match);
        List<String> keys = new ArrayList<>(page.getKeys());
        if (!keys.isEmpty()) {
          removed += redis.unlink(keys.toArray(String[]::new));
        }
        cursor = page;
      } while (!cursor.isFinished());
      return removed;
    });
  }

  private static <T> T call(java.util.function.Supplier<T> command) {
    try {
      return command.get();
    } catch (RedisCommandExecutionException e) {
      // Redis refused the command itself (a wrong admin user, say): retrying the same thing will not help soon.
      throw new ExternalSystemException("Redis", ExternalSystemException.Kind.REJECTED,
          "Redis refused: " + e.getMessage(), null, e);
    } catch (RedisException e) {
      throw new ExternalSystemException("Redis", ExternalSystemException.Kind.UNREACHABLE,
          "Redis cannot be reached: " + e.getMessage(), null, e);
    }
  }
}
