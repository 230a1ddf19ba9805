package com.qastco.voice.runtime.mcp;

/** Keys of what the transport tells a tool about the request it serves. */
final class McpContext {
  /** The MCP session the request came in. */
  static final String SESSION = "mcp.session";
  /** The JSON-RPC id of the request: with the session, the client's identity for it (a retry sends it again). */
  static final String REQUEST_ID = "mcp.request";

  private McpContext() {}
}
