package com.qastco.voice.runtime.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Renders the pages. Templates are JTE, compiled at build time; in HTML mode JTE escapes every value for where it
 * lands (text, attribute, URL), so a business named {@code <script>} is text on every page.
 */
@Singleton
public class Pages {
  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  public MutableHttpResponse<String> render(HttpStatus status, String template, Map<String, Object> params) {
    return HttpResponse.<String>status(status).contentType(MediaType.TEXT_HTML_TYPE.toString()
        + ";charset=utf-8").body(html(template, params));
  }

  /** The HTML of a template, for what is not a page (an e-mail's HTML part). */
  public String html(String template, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    engine.render(template, params, out);
    return out.toString();
  }

  public MutableHttpResponse<String> ok(String template, Map<String, Object> params) {
    return render(HttpStatus.OK, template, params);
  }
}
