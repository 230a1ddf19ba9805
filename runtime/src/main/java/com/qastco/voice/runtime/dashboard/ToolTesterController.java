package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.integrations.Json;
import com.qastco.voice.integrations.agent.ToolDefinition;
import com.qastco.voice.integrations.agent.ToolPack;
import com.qastco.voice.runtime.dashboard.OwnerSessions.Owner;
import com.qastco.voice.runtime.tools.ToolAnswer;
import com.qastco.voice.runtime.tools.ToolTester;
import com.qastco.voice.runtime.web.Forms;
import com.qastco.voice.runtime.web.Pages;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The dashboard's tool tester: runs one of the Business's tools as its agent would, marked as a test. */
@Controller("/admin/tools")
@Hidden
public class ToolTesterController {
  private final OwnerSessions owners;
  private final Pages pages;
  private final ToolTester tester;

  public ToolTesterController(OwnerSessions owners, Pages pages, ToolTester tester) {
    this.owners = owners;
    this.pages = pages;
    this.tester = tester;
  }

  @Get(produces = MediaType.TEXT_HTML)
  public HttpResponse<?> form(HttpRequest<?> request) {
    Optional<Owner> owner = owners.owner(request);
    if (owner.isEmpty()) {
      return HttpResponse.seeOther(URI.create("/admin/login"));
    }
    return page(owner.get(), "", "{}", null, null, HttpStatus.OK);
  }

  @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  public HttpResponse<?> run(HttpRequest<?> request, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    String tool = form.getOrDefault("tool", "");
    String arguments = form.getOrDefault("arguments", "{}");
    Map<String, Object> parsed;
    try {
      parsed = Json.object(arguments.isBlank() ? "{}" : arguments);
    } catch (java.io.IOException e) {
      return page(owner, tool, arguments, "The arguments are not a JSON object, such as {\"items\": []}", null,
          HttpStatus.UNPROCESSABLE_ENTITY);
    }
    ToolAnswer answer = tester.run(owner.tenant(), tool, parsed);
    String shown;
    try {
      shown = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(answer.body());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return page(owner, tool, arguments, null, shown, HttpStatus.OK);
  }

  private HttpResponse<?> page(Owner owner, String tool, String arguments, String error, String answer,
                               HttpStatus status) {
    Map<String, Object> params = OwnerSessions.frame(owner, "tools");
    List<ToolDefinition> tools = ToolPack.forSpec(owner.tenant().spec());
    params.put("tools", tools);
    params.put("tool", tool);
    params.put("arguments", arguments);
    params.put("error", error == null ? "" : error);
    params.put("answer", answer == null ? "" : answer);
    return pages.render(status, "dashboard/tools.jte", params);
  }
}
