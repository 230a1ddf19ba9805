package com.qastco.voice.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/** A real Redis 7 server from Maven Central, on a free loopback port, with persistence off. */
public final class EmbeddedRedisServer implements AutoCloseable {
  private final RedisServer server;
  private final int port;

  private EmbeddedRedisServer(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  public static EmbeddedRedisServer start() {
    int port = freePort();
    RedisServer server = RedisServer.builder().port(port).bind("127.0.0.1")
        .setting("save \"\"").setting("appendonly no").build();
    server.start();
    return new EmbeddedRedisServer(server, port);
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
