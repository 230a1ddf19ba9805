package com.qastco.voice.runtime.resources;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.storage.DatabaseException;
import com.qastco.voice.runtime.tenants.Tenant;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import java.util.List;
import java.util.UUID;

/** The staff and rooms a Business books, for its own systems and dashboard. */
@Controller("/api/v1/resources")
@Validated
public class ResourcesController {
  private final ResourceRepository resources;

  public ResourcesController(ResourceRepository resources) {
    this.resources = resources;
  }

  /** All of a Business's resources, by name (a few dozen at most: no paging). */
  @io.micronaut.serde.annotation.Serdeable
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
  public record Resources(List<Resource> items) {}

  @Get
  public Resources list(@Parameter(hidden = true) Tenant tenant) {
    return new Resources(resources.list(tenant));
  }

  @Get("/{id}")
  public Resource get(@Parameter(hidden = true) Tenant tenant, UUID id) {
    return resources.find(tenant, id).orElseThrow(() -> notFound(id));
  }

  @Post
  public HttpResponse<Resource> create(@Parameter(hidden = true) Tenant tenant, @Body @Valid Resource.Request request) {
    check(request);
    try {
      return HttpResponse.created(resources.insert(tenant, request));
    } catch (DatabaseException e) {
      throw translate(e, request);
    }
  }

  @Put("/{id}")
  public Resource update(@Parameter(hidden = true) Tenant tenant, UUID id, @Body @Valid Resource.Request request) {
    check(request);
    try {
      return resources.update(tenant, id, request).orElseThrow(() -> notFound(id));
    } catch (DatabaseException e) {
      throw translate(e, request);
    }
  }

  @Delete("/{id}")
  public HttpResponse<Void> delete(@Parameter(hidden = true) Tenant tenant, UUID id) {
    if (!resources.delete(tenant, id)) {
      throw notFound(id);
    }
    return HttpResponse.noContent();
  }

  private static void check(Resource.Request request) {
    String problem = request.problem();
    if (problem != null) {
      throw ApiException.badRequest(problem);
    }
  }

  private static RuntimeException translate(DatabaseException e, Resource.Request request) {
    if (DatabaseException.UNIQUE_VIOLATION.equals(e.sqlState())) {
      return ApiException.conflict("A resource named '" + request.name().strip() + "' already exists");
    }
    return e;
  }

  private static ApiException notFound(UUID id) {
    return ApiException.notFound("No resource " + id);
  }
}
