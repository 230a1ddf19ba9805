package com.qastco.voice.runtime.web;

import com.qastco.voice.runtime.api.ApiException;
import io.micronaut.http.HttpRequest;

/** What every form post is checked for. */
public final class Forms {
  private Forms() {}

  /**
   * A state-changing request from a page: it carries the session's CSRF token, and a browser says it comes from
   * this site (an Origin naming this host, or Sec-Fetch-Site same-origin), so another site can never post it.
   */
  public static void check(HttpRequest<?> request, WebSessions.WebSession session, String token) {
    String host = request.getHeaders().get("Host");
    String origin = request.getHeaders().get("Origin");
    String site = request.getHeaders().get("Sec-Fetch-Site");
    boolean crossSite = origin != null && !"null".equals(origin) && host != null
        && !origin.replaceFirst("^https?://", "").equalsIgnoreCase(host)
        || site != null && !site.equals("same-origin") && !site.equals("none");
    if (crossSite || !WebSessions.csrfMatches(session, token)) {
      throw ApiException.forbidden("csrf", "This form expired or did not come from this site; reload the page and"
          + " try again");
    }
  }
}
