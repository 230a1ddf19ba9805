package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.dashboard.OwnerSessions.Owner;
import com.qastco.voice.runtime.knowledge.KnowledgeBase;
import com.qastco.voice.runtime.knowledge.KnowledgeController;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.web.Forms;
import com.qastco.voice.runtime.web.Pages;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The knowledge editor: the Business's FAQ entries and documents (add, edit, delete, import a Markdown or text
 * file), and a question tried as the agent would ask it. The API's rules apply; a refusal changes nothing and the
 * page says why next to the form.
 */
@Controller("/admin/knowledge")
@Hidden
public class KnowledgePageController {
  private final OwnerSessions owners;
  private final Pages pages;
  private final KnowledgeBase knowledge;
  private final KnowledgeController api;

  public KnowledgePageController(OwnerSessions owners, Pages pages, KnowledgeBase knowledge,
                                 KnowledgeController api) {
    this.owners = owners;
    this.pages = pages;
    this.knowledge = knowledge;
    this.api = api;
  }

  @Get(produces = MediaType.TEXT_HTML)
  public HttpResponse<?> list(HttpRequest<?> request, @QueryValue @Nullable String q) {
    Optional<Owner> owner = owners.owner(request);
    if (owner.isEmpty()) {
      return HttpResponse.seeOther(URI.create("/admin/login"));
    }
    return page(owner.get(), q, "", HttpStatus.OK);
  }

  @Post(value = "/add", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  public HttpResponse<?> add(HttpRequest<?> request, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    try {
      knowledge.create(owner.tenant(), new KnowledgeBase.Draft(form.get("kind"), form.get("title"),
          form.get("body")));
      return HttpResponse.seeOther(URI.create("/admin/knowledge"));
    } catch (ApiException e) {
      return page(owner, null, e.getMessage(), HttpStatus.UNPROCESSABLE_ENTITY);
    }
  }

  @Post(value = "/{id}/edit", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  public HttpResponse<?> edit(HttpRequest<?> request, UUID id, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    try {
      knowledge.update(owner.tenant(), id, new KnowledgeBase.Draft(form.get("kind"), form.get("title"),
          form.get("body")));
      return HttpResponse.seeOther(URI.create("/admin/knowledge"));
    } catch (ApiException e) {
      return page(owner, null, e.getMessage(), HttpStatus.UNPROCESSABLE_ENTITY);
    }
  }

  @Post(value = "/{id}/delete", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> delete(HttpRequest<?> request, UUID id, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    knowledge.delete(owner.tenant(), id);
    return HttpResponse.seeOther(URI.create("/admin/knowledge"));
  }

  @Post(value = "/import", consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.TEXT_HTML)
  public HttpResponse<?> importFile(HttpRequest<?> request, @Part("_csrf") @Nullable String csrf,
                                    @Part("file") @Nullable CompletedFileUpload file) throws IOException {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), csrf);
    try {
      if (file == null || file.getSize() == 0) {
        throw ApiException.badRequest("Choose a Markdown or text file to import");
      }
      KnowledgeController.importText(knowledge, owner.tenant(), file.getFilename(),
          new String(file.getBytes(), StandardCharsets.UTF_8));
      return HttpResponse.seeOther(URI.create("/admin/knowledge"));
    } catch (ApiException e) {
      return page(owner, null, e.getMessage(), HttpStatus.UNPROCESSABLE_ENTITY);
    }
  }

  private HttpResponse<?> page(Owner owner, String question, String error, HttpStatus status) {
    Tenant tenant = owner.tenant();
    Map<String, Object> params = OwnerSessions.frame(owner, "knowledge");
    params.put("entries", knowledge.list(tenant, 200, 0).items());
    params.put("question", question == null ? "" : question);
    params.put("answers", question == null || question.isBlank() ? List.of() : api.search(tenant, question).results());
    params.put("error", error);
    return pages.render(status, "dashboard/knowledge.jte", params);
  }
}
