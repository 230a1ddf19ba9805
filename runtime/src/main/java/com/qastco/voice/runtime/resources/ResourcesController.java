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
  private final ResourceFeeds feeds;
  private final TimeOff timeOff;
  private final io.micronaut.context.event.ApplicationEventPublisher<ResourceRemoved> removals;

  public ResourcesController(ResourceRepository resources, ResourceFeeds feeds, TimeOff timeOff,
                             io.micronaut.context.event.ApplicationEventPublisher<ResourceRemoved> removals) {
    this.resources = resources;
    this.feeds = feeds;
    this.timeOff = timeOff;
    this.removals = removals;
  }

  @io.micronaut.serde.annotation.Serdeable
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
  public record TimeOffList(List<TimeOff.Away> items) {}

  @Get("/{id}/time-off")
  public TimeOffList timeOff(@Parameter(hidden = true) Tenant tenant, UUID id) {
    return new TimeOffList(timeOff.list(tenant, get(tenant, id).id()));
  }

  @Post("/{id}/time-off")
  public HttpResponse<TimeOff.Away> addTimeOff(@Parameter(hidden = true) Tenant tenant, UUID id,
                                               @Body @Valid TimeOff.Request request) {
    return HttpResponse.created(timeOff.add(tenant, id, request));
  }

  @Delete("/{id}/time-off/{timeOffId}")
  public HttpResponse<Void> removeTimeOff(@Parameter(hidden = true) Tenant tenant, UUID id, UUID timeOffId) {
    if (!timeOff.remove(tenant, id, timeOffId)) {
      throw ApiException.notFound("No time off " + timeOffId + " for resource " + id);
    }
    return HttpResponse.noContent();
  }

  /** A feed's URL, shown once. */
  @io.micronaut.serde.annotation.Serdeable
  public record Feed(String url, String note) {}

  /** A new calendar feed URL for the resource; the one before it stops working. */
  @Post("/{id}/feed")
  public HttpResponse<Feed> issueFeed(@Parameter(hidden = true) Tenant tenant, UUID id) {
    return HttpResponse.created(new Feed(feeds.issue(tenant, id), "Shown once: subscribe to it in Google, Outlook or"
        + " Apple Calendar. Anyone with it sees this resource's bookings; make a new one to end the old."));
  }

  @Delete("/{id}/feed")
  public HttpResponse<Void> revokeFeed(@Parameter(hidden = true) Tenant tenant, UUID id) {
    if (!feeds.revoke(tenant, id)) {
      throw ApiException.notFound("Resource " + id + " has no calendar feed");
    }
    return HttpResponse.noContent();
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
    removals.publishEvent(new ResourceRemoved(tenant.businessId(), id));
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
