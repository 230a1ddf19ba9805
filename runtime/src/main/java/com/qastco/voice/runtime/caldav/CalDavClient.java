package com.qastco.voice.runtime.caldav;

import com.qastco.voice.integrations.ExternalSystemException;
import com.qastco.voice.integrations.ExternalSystemException.Kind;
import com.qastco.voice.runtime.outbound.TenantHttp;
import jakarta.inject.Singleton;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.hc.core5.http.ContentType;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The few CalDAV requests (RFC 4791) the sync needs, sent through {@link TenantHttp} because the URL is a tenant's:
 * PROPFIND to prove a URL is a calendar the credentials open, a calendar-query REPORT for the events in a time
 * range, PUT and DELETE of one event by its name. Multistatus answers are read by the JDK's XML parser with
 * external entities off.
 */
@Singleton
public class CalDavClient {
  static final String SYSTEM = "calendar";
  private static final String DAV = "DAV:";
  private static final String CALDAV = "urn:ietf:params:xml:ns:caldav";
  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);
  private static final ContentType XML = ContentType.create("application/xml", StandardCharsets.UTF_8);
  private static final ContentType ICS = ContentType.create("text/calendar", StandardCharsets.UTF_8);
  private final TenantHttp http;
  private final CalendarsConfig config;

  public CalDavClient(TenantHttp http, CalendarsConfig config) {
    this.http = http;
    this.config = config;
  }

  /** Where a resource's calendar is and who opens it; the password never leaves through toString. */
  public record Connection(URI url, String username, String password) {
    @Override
    public String toString() {
      return "Connection[" + url + ", " + username + "]";
    }

    URI event(String name) {
      String base = url.toString().endsWith("/") ? url.toString() : url + "/";
      return URI.create(base + name + ".ics");
    }
  }

  /** Why the platform cannot use this calendar, in words for the owner; empty when it can. */
  public Optional<String> problem(Connection calendar) {
    if (!"https".equals(calendar.url().getScheme())) {
      return Optional.of("The calendar URL must start with https:// (the password is sent with every request)");
    }
    Optional<String> refused = http.refusal(calendar.url().toString());
    if (refused.isPresent()) {
      return Optional.of("The calendar URL " + refused.get());
    }
    TenantHttp.Reply reply;
    try {
      reply = send(calendar, "PROPFIND", calendar.url(), Map.of("Depth", "0"), """
          <?xml version="1.0" encoding="utf-8"?>
          <D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>""", XML);
    } catch (ExternalSystemException e) {
      return Optional.of(e.getMessage());
    }
    if (reply.status() == 401) {
      return Optional.of("The calendar server refused that username and password");
    }
    if (reply.status() == 403) {
      return Optional.of("The calendar server refused this user access to that calendar");
    }
    if (reply.status() == 404) {
      return Optional.of("There is no calendar at that URL");
    }
    if (reply.status() != 207) {
      return Optional.of("The calendar server answered " + reply.status() + " instead of a WebDAV answer; is it a"
          + " CalDAV calendar's URL?");
    }
    Document answer = parse(reply.body());
    if (answer == null || answer.getElementsByTagNameNS(CALDAV, "calendar").getLength() == 0) {
      return Optional.of("That URL is not a CalDAV calendar (a collection of events); give the calendar's own URL");
    }
    return Optional.empty();
  }

  /** The calendar objects (iCalendar texts) with an event between the two instants. */
  public List<String> events(Connection calendar, Instant from, Instant to) {
    TenantHttp.Reply reply = send(calendar, "REPORT", calendar.url(), Map.of("Depth", "1"), """
        <?xml version="1.0" encoding="utf-8"?>
        <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
          <D:prop><C:calendar-data/></D:prop>
          <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
            <C:time-range start="%s" end="%s"/>
          </C:comp-filter></C:comp-filter></C:filter>
        </C:calendar-query>""".formatted(UTC.format(from), UTC.format(to)), XML);
    expect(reply, 207);
    if (reply.truncated()) {
      throw new ExternalSystemException(SYSTEM, Kind.FAILED, "The calendar holds more events than the platform"
          + " reads (" + config.getMaxCalendarBytes() / 1024 + " KiB in " + config.getAhead().toDays() + " days)",
          null, null);
    }
    Document answer = parse(reply.body());
    if (answer == null) {
      throw new ExternalSystemException(SYSTEM, Kind.FAILED, "The calendar server's answer is not WebDAV XML", null,
          null);
    }
    List<String> objects = new ArrayList<>();
    NodeList data = answer.getElementsByTagNameNS(CALDAV, "calendar-data");
    for (int i = 0; i < data.getLength(); i++) {
      objects.add(data.item(i).getTextContent());
    }
    return objects;
  }

  /** Writes (creates or replaces) the event named {@code name}. */
  public void put(Connection calendar, String name, String ics) {
    TenantHttp.Reply reply = send(calendar, "PUT", calendar.event(name), Map.of(), ics, ICS);
    expect(reply, 200, 201, 204);
  }

  /** Deletes the event named {@code name}; one already gone is fine. */
  public void delete(Connection calendar, String name) {
    TenantHttp.Reply reply = send(calendar, "DELETE", calendar.event(name), Map.of(), null, ICS);
    expect(reply, 200, 204, 404, 410);
  }

  private TenantHttp.Reply send(Connection calendar, String method, URI url, Map<String, String> extra, String body,
                                ContentType type) {
    Map<String, String> headers = new LinkedHashMap<>(extra);
    headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString((calendar.username() + ":"
        + calendar.password()).getBytes(StandardCharsets.UTF_8)));
    headers.put("User-Agent", "voice-platform-calendars/1");
    return http.send(SYSTEM, method, url, headers, body, type, config.getTimeout(), config.getMaxCalendarBytes());
  }

  private static void expect(TenantHttp.Reply reply, int... statuses) {
    for (int s : statuses) {
      if (reply.status() == s) {
        return;
      }
    }
    String why = reply.status() == 401 || reply.status() == 403 ? "refused the username and password"
        : reply.status() == 404 ? "has no calendar at that URL any more" : "answered " + reply.status();
    throw new ExternalSystemException(SYSTEM, ExternalSystemException.kindOf(reply.status()), "The calendar server "
        + why, reply.retryAfter().orElse(null), null);
  }

  private static Document parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      return builder.parse(new InputSource(new StringReader(xml)));
    } catch (Exception e) { // not XML, or XML with a DOCTYPE: not an answer the platform reads
      return null;
    }
  }
}
