package com.qastco.voice.integrations.fakes;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Twilio's REST API for live calls as its documentation describes it: {@code POST
 * /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json} with HTTP basic auth (the account SID and its auth token;
 * 401 with error 20003 otherwise), form parameters {@code Twiml} or {@code Url} (400, 21205, when neither), 404 with
 * 20404 for a call it does not know, 400 with 21220 for a call no longer in progress; errors as Twilio's JSON
 * ({@code code, message, more_info, status}). Calls are made known by the test ({@link #inProgress}), as Twilio's
 * voice webhook would; faults can be queued ({@link #failNext}) to exercise retries.
 */
public final class TwilioFake extends StatefulFake {
  public static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
  public static final String AUTH_TOKEN = "twilio-auth-token-0123456789abcdef";
  private static final Pattern CALL = Pattern.compile("^/2010-04-01/Accounts/([^/]+)/Calls/([^/]+)\\.json$");
  private final Map<String, String> statuses = new LinkedHashMap<>();
  private final Map<String, String> twiml = new LinkedHashMap<>();
  private final Deque<Integer> faults = new ArrayDeque<>();

  /** A call Twilio is carrying now (its voice webhook was answered). */
  public synchronized void inProgress(String callSid) {
    statuses.put(callSid, "in-progress");
  }

  /** The caller hung up. */
  public synchronized void hangUp(String callSid) {
    statuses.put(callSid, "completed");
  }

  /** The next {@code times} requests get this status (429 with Retry-After: 1, or a 5xx) before any work. */
  public synchronized void failNext(int times, int status) {
    for (int i = 0; i < times; i++) {
      faults.add(status);
    }
  }

  /** The TwiML the call was last given, or null. */
  public synchronized String twimlOf(String callSid) {
    return twiml.get(callSid);
  }

  public synchronized void reset() {
    heal();
    statuses.clear();
    twiml.clear();
    faults.clear();
  }

  @Override
  protected synchronized ResponseDefinitionBuilder handle(Request request) {
    Integer fault = faults.poll();
    if (fault != null) {
      ResponseDefinitionBuilder failed = error(fault, fault == 429 ? 20429 : 20500,
          fault == 429 ? "Too Many Requests" : "Internal Server Error");
      return fault == 429 ? failed.withHeader("Retry-After", "1") : failed;
    }
    Matcher call = CALL.matcher(request.getUrl().replaceFirst("\\?.*$", ""));
    if (!request.getMethod().getName().equals("POST") || !call.matches()) {
      return error(404, 20404, "The requested resource " + request.getUrl() + " was not found");
    }
    String expected = "Basic " + Base64.getEncoder().encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN)
        .getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(request.getHeader("Authorization")) || !call.group(1).equals(ACCOUNT_SID)) {
      return error(401, 20003, "Authenticate");
    }
    String sid = call.group(2);
    Map<String, String> form = form(request.getBodyAsString());
    if (!form.containsKey("Twiml") && !form.containsKey("Url")) {
      return error(400, 21205, "Either Url or Twiml is required");
    }
    String status = statuses.get(sid);
    if (status == null) {
      return error(404, 20404, "The requested resource /2010-04-01/Accounts/" + ACCOUNT_SID + "/Calls/" + sid
          + ".json was not found");
    }
    if (!status.equals("in-progress")) {
      return error(400, 21220, "Call is not in-progress. Cannot redirect.");
    }
    twiml.put(sid, form.getOrDefault("Twiml", form.get("Url")));
    return json(200, Map.of("sid", sid, "account_sid", ACCOUNT_SID, "status", "in-progress",
        "api_version", "2010-04-01"));
  }

  private static ResponseDefinitionBuilder error(int status, int code, String message) {
    return json(status, Map.of("code", code, "message", message,
        "more_info", "https://www.twilio.com/docs/errors/" + code, "status", status));
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }
}
