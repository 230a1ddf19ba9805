package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.integrations.Json;
import com.qastco.voice.integrations.agent.ToolDefinition;
import com.qastco.voice.integrations.agent.ToolPack;
import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.api.v1alpha1.CustomTool;
import com.qastco.voice.runtime.dashboard.OwnerSessions.Owner;
import com.qastco.voice.runtime.outbound.TenantHttp;
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
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's tools: the tester, which runs any of the Business's tools as its agent would (marked as a test),
 * and the editor of the Business's own tools (read-only for a Business kept in Git).
 */
@Controller("/admin/tools")
@Hidden
public class ToolsPageController {
  private final OwnerSessions owners;
  private final Pages pages;
  private final ToolTester tester;
  private final SpecEdits edits;
  private final TenantHttp tenantHttp;

  public ToolsPageController(OwnerSessions owners, Pages pages, ToolTester tester, SpecEdits edits,
                             TenantHttp tenantHttp) {
    this.owners = owners;
    this.pages = pages;
    this.tester = tester;
    this.edits = edits;
    this.tenantHttp = tenantHttp;
  }

  /** @param edit the name of one of the Business's own tools to show in the editor */
  @Get(produces = MediaType.TEXT_HTML)
  public HttpResponse<?> form(HttpRequest<?> request, @QueryValue @Nullable String edit) {
    Optional<Owner> owner = owners.owner(request);
    if (owner.isEmpty()) {
      return HttpResponse.seeOther(URI.create("/admin/login"));
    }
    Business business = edits.current(owner.get().tenant());
    OwnToolForm editing = business.getSpec().toolsOrEmpty().stream().filter(t -> t.name().equals(edit))
        .findFirst().map(OwnToolForm::of).orElseGet(OwnToolForm::blank);
    return render(owner.get(), business, "", "{}", null, null, editing, Map.of(), HttpStatus.OK);
  }

  /** Adds one of the Business's own tools, or replaces the one named {@code original}. */
  @Post(value = "/own", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  public HttpResponse<?> saveOwn(HttpRequest<?> request, @Body Map<String, String> posted) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), posted.get("_csrf"));
    Business business = edits.editable(owner.tenant());
    OwnToolForm form = OwnToolForm.posted(posted);
    Map<String, String> errors = new LinkedHashMap<>(form.ownErrors());
    if (errors.isEmpty() && form.url().startsWith("https://")) {
      tenantHttp.refusal(form.url()).ifPresent(why -> errors.put("url", "The URL " + why));
    }
    BusinessSpec changed = errors.isEmpty()
        ? business.getSpec().withTools(form.into(business.getSpec().toolsOrEmpty())) : null;
    if (changed != null) {
      edits.check(business, changed).forEach(v -> errors.putIfAbsent(ownField(v.field()), v.field() + ": "
          + v.message().replaceFirst("^Invalid value: ", "")));
    }
    if (errors.isEmpty()) {
      SpecEdits.Outcome outcome = edits.save(business, changed, posted.get("version"));
      if (outcome.saved()) {
        return HttpResponse.seeOther(URI.create("/admin/tools?saved=" + form.name()));
      }
      errors.put("_form", SpecEdits.CHANGED_ELSEWHERE);
      return editor(owner, outcome.business(), form, errors, HttpStatus.CONFLICT);
    }
    return editor(owner, business, form, errors, HttpStatus.UNPROCESSABLE_ENTITY);
  }

  @Post(value = "/own/delete", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  public HttpResponse<?> deleteOwn(HttpRequest<?> request, @Body Map<String, String> posted) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), posted.get("_csrf"));
    Business business = edits.editable(owner.tenant());
    String name = posted.getOrDefault("name", "");
    List<CustomTool> kept = business.getSpec().toolsOrEmpty().stream().filter(t -> !t.name().equals(name)).toList();
    SpecEdits.Outcome outcome = edits.save(business, business.getSpec().withTools(kept), posted.get("version"));
    if (!outcome.saved()) {
      return editor(owner, outcome.business(), OwnToolForm.blank(), Map.of("_form", SpecEdits.CHANGED_ELSEWHERE),
          HttpStatus.CONFLICT);
    }
    return HttpResponse.seeOther(URI.create("/admin/tools"));
  }

  /** A violation's field as the editor's: spec.tools[2].url is the url field of the tool being edited. */
  private static String ownField(String path) {
    String leaf = path.replaceFirst("^spec\\.tools\\[\\d+\\]\\.?", "");
    String first = leaf.contains(".") ? leaf.substring(0, leaf.indexOf('.')) : leaf;
    if (List.of("name", "description", "url", "timeoutSeconds", "parameters").contains(first)) {
      return first;
    }
    return path.startsWith("spec.tools") ? "name" : "_form";
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
    return render(owner, edits.current(owner.tenant()), tool, arguments, error, answer, OwnToolForm.blank(),
        Map.of(), status);
  }

  private HttpResponse<?> editor(Owner owner, Business business, OwnToolForm form, Map<String, String> errors,
                                 HttpStatus status) {
    return render(owner, business, "", "{}", null, null, form, errors, status);
  }

  private HttpResponse<?> render(Owner owner, Business business, String tool, String arguments, String error,
                                 String answer, OwnToolForm editing, Map<String, String> errors, HttpStatus status) {
    Map<String, Object> params = OwnerSessions.frame(owner, "tools");
    // The spec as stored: a tool just saved shows before the runtime's copy of the Business catches up.
    List<ToolDefinition> tools = ToolPack.forSpec(business.getSpec());
    params.put("tools", tools);
    params.put("own", business.getSpec().toolsOrEmpty().stream().map(OwnToolForm::of).toList());
    params.put("editing", editing);
    params.put("errors", errors);
    params.put("gitops", Business.keptInGit(business));
    params.put("version", business.getMetadata().getResourceVersion());
    params.put("tool", tool);
    params.put("arguments", arguments);
    params.put("error", error == null ? "" : error);
    params.put("answer", answer == null ? "" : answer);
    return pages.render(status, "dashboard/tools.jte", params);
  }
}
