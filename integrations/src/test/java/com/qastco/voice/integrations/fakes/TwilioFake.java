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
 * Twilio's REST API for live calls and text messages as its documentation describes it: {@code POST
 * /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json} with HTTP basic auth (the account SID and its auth token;
 * 401 with error 20003 otherwise), form parameters {@code Twiml} or {@code Url} (400, 21205, when neither), 404 with
 * 20404 for a call it does not know, 400 with 21220 for a call no longer in progress; errors as Twilio's JSON
 * ({@code code, message, more_info, status}). Calls are made known by the test ({@link #inProgress}), as Twilio's
 * voice webhook would; faults can be queued ({@link #failNext}) to exercise retries.
 *
 * <p>Messages: {@code POST …/Messages.json} with To, From and Body (21604, 21603, 21602 when one is missing),
 * 21211 for a To that is no E.164 number, 21606 for a From that is not one of the account's numbers
 * ({@link #ownNumber}), 21610 when the recipient texted STOP to that sender ({@link #textedStop}), 21614 for a
 * landline ({@link #landline}); 201 with the message ({@code sid, status: queued, to, from, body, date_created}).
 * {@code GET …/Messages.json?To=&From=&DateSent>=} lists them, newest first. {@link #loseNextAnswers} takes a message
 * and answers 502, as when the answer is lost on the way back.
 */
public final class TwilioFake extends StatefulFake {
  public static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
  public static final String AUTH_TOKEN = "twilio-auth-token-0123456789abcdef";
  private static final Pattern CALL = Pattern.compile("^/2010-04-01/Accounts/([^/]+)/Calls/([^/]+)\\.json$");
  private final Map<String, String> statuses = new LinkedHashMap<>();
  private final Map<String, String> twiml = new LinkedHashMap<>();
  private final Deque<Integer> faults = new ArrayDeque<>();
  private static final Pattern MESSAGES = Pattern.compile("^/2010-04-01/Accounts/([^/]+)/Messages\\.json$");
  private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{1,14}$");
  private final java.util.List<Map<String, String>> messages = new java.util.ArrayList<>();
  private final java.util.Set<String> own = new java.util.HashSet<>();
  private final java.util.Set<String> stopped = new java.util.HashSet<>();
  private final java.util.Set<String> landlines = new java.util.HashSet<>();
  private int answersToLose;

  /** A number of the account, which texts may be sent from. */
  public synchronized void ownNumber(String number) {
    own.add(number);
  }

  /** The recipient texted STOP to this sender: Twilio refuses further texts from it (21610). */
  public synchronized void textedStop(String recipient, String sender) {
    stopped.add(recipient + ">" + sender);
  }

  /** A number Twilio knows to be a landline (21614). */
  public synchronized void landline(String number) {
    landlines.add(number);
  }

  /** The next {@code times} texts are taken (and sent) but answered 502. */
  public synchronized void loseNextAnswers(int times) {
    answersToLose = times;
  }

  /** Every text taken, oldest first: {@code to, from, body}. */
  public synchronized java.util.List<Map<String, String>> texts() {
    return java.util.List.copyOf(messages);
  }

  /** The bodies of the texts taken for this recipient, oldest first. */
  public synchronized java.util.List<String> textsTo(String recipient) {
    return messages.stream().filter(m -> m.get("to").equals(recipient)).map(m -> m.get("body")).toList();
  }

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
    messages.clear();
    own.clear();
    stopped.clear();
    landlines.clear();
    answersToLose = 0;
  }

  @Override
  protected synchronized ResponseDefinitionBuilder handle(Request request) {
    Integer fault = faults.poll();
    if (fault != null) {
      ResponseDefinitionBuilder failed = error(fault, fault == 429 ? 20429 : 20500,
          fault == 429 ? "Too Many Requests" : "Internal Server Error");
      return fault == 429 ? failed.withHeader("Retry-After", "1") : failed;
    }
    String path = request.getUrl().replaceFirst("\\?.*$", "");
    Matcher call = CALL.matcher(path);
    Matcher texts = MESSAGES.matcher(path);
    boolean isCall = request.getMethod().getName().equals("POST") && call.matches();
    if (!isCall && !texts.matches()) {
      return error(404, 20404, "The requested resource " + request.getUrl() + " was not found");
    }
    String expected = "Basic " + Base64.getEncoder().encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN)
        .getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(request.getHeader("Authorization"))
        || !(isCall ? call.group(1) : texts.group(1)).equals(ACCOUNT_SID)) {
      return error(401, 20003, "Authenticate");
    }
    if (!isCall) {
      return request.getMethod().getName().equals("GET") ? listTexts(request) : sendText(request);
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

  private ResponseDefinitionBuilder sendText(Request request) {
    Map<String, String> form = form(request.getBodyAsString());
    String to = form.get("To");
    String from = form.get("From");
    String body = form.get("Body");
    if (to == null || to.isBlank()) {
      return error(400, 21604, "A 'To' phone number is required.");
    }
    if (from == null || from.isBlank()) {
      return error(400, 21603, "A 'From' phone number is required.");
    }
    if (body == null || body.isBlank()) {
      return error(400, 21602, "Message body is required.");
    }
    if (!E164.matcher(to).matches()) {
      return error(400, 21211, "The 'To' number " + to + " is not a valid phone number.");
    }
    if (!own.contains(from)) {
      return error(400, 21606, "The From phone number " + from + " is not a valid, SMS-capable inbound phone number"
          + " or short code for your account.");
    }
    if (stopped.contains(to + ">" + from)) {
      return error(400, 21610, "Attempt to send to unsubscribed recipient");
    }
    if (landlines.contains(to)) {
      return error(400, 21614, "'To' number is not a valid mobile number");
    }
    Map<String, String> message = new LinkedHashMap<>();
    message.put("sid", "SM" + java.util.UUID.randomUUID().toString().replace("-", ""));
    message.put("account_sid", ACCOUNT_SID);
    message.put("to", to);
    message.put("from", from);
    message.put("body", body);
    message.put("status", "queued");
    message.put("date_created", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
        java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)));
    message.put("date_sent", java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
    messages.add(message);
    if (answersToLose > 0) {
      answersToLose--;
      return error(502, 20500, "Bad Gateway");
    }
    return json(201, message);
  }

  private ResponseDefinitionBuilder listTexts(Request request) {
    Map<String, String> query = form(request.getUrl().contains("?") ? request.getUrl().replaceFirst("^[^?]*\\?", "")
        : "");
    String since = query.get("DateSent>");
    java.util.List<Map<String, String>> found = new java.util.ArrayList<>();
    for (Map<String, String> m : messages) {
      if ((query.get("To") == null || query.get("To").equals(m.get("to")))
          && (query.get("From") == null || query.get("From").equals(m.get("from")))
          && (since == null || m.get("date_sent").compareTo(since) >= 0)) {
        found.add(0, m);
      }
    }
    return json(200, Map.of("messages", found, "page", 0, "page_size", 50));
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
