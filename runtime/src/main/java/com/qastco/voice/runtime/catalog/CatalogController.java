package com.qastco.voice.runtime.catalog;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.api.Page;
import com.qastco.voice.runtime.storage.DatabaseException;
import com.qastco.voice.runtime.tenants.Tenant;
import io.swagger.v3.oas.annotations.Parameter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.validation.Validated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.StringReader;
import java.util.Map;
import java.util.UUID;

/** The tenant's catalog (menu items, services, support categories), for its own systems and dashboard. */
@Controller("/api/v1/catalog")
@Validated
public class CatalogController {
  private final CatalogRepository catalog;
  private final CatalogCsv csv;

  public CatalogController(CatalogRepository catalog, CatalogCsv csv) {
    this.catalog = catalog;
    this.csv = csv;
  }

  @Get
  public Page<CatalogItem> list(@Parameter(hidden = true) Tenant tenant, @QueryValue @Nullable CatalogKind kind,
                                @QueryValue(defaultValue = "50") @Min(1) @Max(200) int limit,
                                @QueryValue(defaultValue = "0") @Min(0) int offset) {
    return catalog.list(tenant.businessId(), kind, limit, offset);
  }

  @Get("/{id}")
  public CatalogItem get(@Parameter(hidden = true) Tenant tenant, UUID id) {
    return catalog.find(tenant.businessId(), id).orElseThrow(() -> notFound(id));
  }

  @Post
  public HttpResponse<CatalogItem> create(@Parameter(hidden = true) Tenant tenant, @Body @Valid CatalogItemRequest request) {
    checkKind(request);
    try {
      return HttpResponse.created(catalog.insert(tenant.businessId(), request));
    } catch (DatabaseException e) {
      throw translate(e, request);
    }
  }

  /** A whole catalog as CSV (kind,name,description,price,duration_minutes,priority): every row or none. */
  @Post(value = "/import", consumes = "text/csv")
  public HttpResponse<Map<String, Object>> importCsv(@Parameter(hidden = true) Tenant tenant, @Body String csv) {
    CatalogCsv.Parsed parsed = this.csv.parse(new StringReader(csv));
    if (!parsed.problems().isEmpty()) {
      throw ApiException.badRequest(String.join("; ", parsed.problems()));
    }
    if (parsed.items().isEmpty()) {
      throw ApiException.badRequest("The file has no rows");
    }
    try {
      return HttpResponse.created(Map.of("imported", catalog.insertAll(tenant.businessId(), parsed.items()).size()));
    } catch (DatabaseException e) {
      if (DatabaseException.UNIQUE_VIOLATION.equals(e.sqlState())) {
        throw ApiException.conflict("The file names an entry that already exists (or names one twice);"
            + " nothing was imported");
      }
      throw e;
    }
  }

  @Put("/{id}")
  public CatalogItem update(@Parameter(hidden = true) Tenant tenant, UUID id, @Body @Valid CatalogItemRequest request) {
    checkKind(request);
    try {
      return catalog.update(tenant.businessId(), id, request).orElseThrow(() -> notFound(id));
    } catch (DatabaseException e) {
      throw translate(e, request);
    }
  }

  @Delete("/{id}")
  public HttpResponse<Void> delete(@Parameter(hidden = true) Tenant tenant, UUID id) {
    if (!catalog.delete(tenant.businessId(), id)) {
      throw notFound(id);
    }
    return HttpResponse.noContent();
  }

  private static void checkKind(CatalogItemRequest request) {
    String problem = request.kindProblem();
    if (problem != null) {
      throw ApiException.badRequest(problem);
    }
  }

  private static RuntimeException translate(DatabaseException e, CatalogItemRequest request) {
    if (DatabaseException.UNIQUE_VIOLATION.equals(e.sqlState())) {
      return ApiException.conflict("A " + request.kind().label + " named '" + request.name().trim()
          + "' already exists");
    }
    return e;
  }

  private static ApiException notFound(UUID id) {
    return ApiException.notFound("No catalog item " + id);
  }
}
