package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.catalog.CatalogController;
import com.qastco.voice.runtime.catalog.CatalogItem;
import com.qastco.voice.runtime.catalog.CatalogItemRequest;
import com.qastco.voice.runtime.dashboard.OwnerSessions.Owner;
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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The catalog editor: the menu, services or support categories the agent offers, through the catalog API's own
 * rules (a refused import changes nothing and says why).
 */
@Controller("/admin/catalog")
@Hidden
public class CatalogPageController {
  private final OwnerSessions owners;
  private final Pages pages;
  private final CatalogController catalog;

  public CatalogPageController(OwnerSessions owners, Pages pages, CatalogController catalog) {
    this.owners = owners;
    this.pages = pages;
    this.catalog = catalog;
  }

  @Get(produces = MediaType.TEXT_HTML)
  public HttpResponse<?> list(HttpRequest<?> request) {
    Optional<Owner> owner = owners.owner(request);
    if (owner.isEmpty()) {
      return HttpResponse.seeOther(URI.create("/admin/login"));
    }
    return page(owner.get(), "", "", HttpStatus.OK);
  }

  @Post(value = "/import", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  public HttpResponse<?> importCsv(HttpRequest<?> request, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    String csv = form.getOrDefault("csv", "");
    // Rows typed in without the header line get it.
    String rows = csv.stripLeading().toLowerCase(java.util.Locale.ROOT).startsWith("kind,") ? csv
        : "kind,name,description,price,duration_minutes,priority\n" + csv;
    try {
      catalog.importCsv(owner.tenant(), rows);
      return HttpResponse.seeOther(URI.create("/admin/catalog"));
    } catch (ApiException e) {
      return page(owner, csv, e.getMessage(), HttpStatus.UNPROCESSABLE_ENTITY);
    }
  }

  /** Offered or not: an item the kitchen ran out of stays in the catalog, off the menu. */
  @Post(value = "/{id}/{action}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> change(HttpRequest<?> request, UUID id, String action, @Body Map<String, String> form) {
    Owner owner = owners.required(request);
    Forms.check(request, owner.session(), form.get("_csrf"));
    switch (action) {
      case "delete" -> catalog.delete(owner.tenant(), id);
      case "offer", "withdraw" -> {
        CatalogItem item = catalog.get(owner.tenant(), id);
        catalog.update(owner.tenant(), id, new CatalogItemRequest(item.kind(), item.name(), item.description(),
            item.price(), item.durationMinutes(), item.priority(), action.equals("offer")));
      }
      default -> throw ApiException.notFound("No such change");
    }
    return HttpResponse.seeOther(URI.create("/admin/catalog"));
  }

  private HttpResponse<?> page(Owner owner, String csv, String error, HttpStatus status) {
    Map<String, Object> params = OwnerSessions.frame(owner, "catalog");
    params.put("items", catalog.list(owner.tenant(), null, 200, 0).items());
    params.put("csv", csv);
    params.put("error", error);
    return pages.render(status, "dashboard/catalog.jte", params);
  }
}
