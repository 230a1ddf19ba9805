package com.qastco.voice.runtime.knowledge;

import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.api.Page;
import com.qastco.voice.runtime.knowledge.KnowledgeBase.Entry;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.UUID;

/**
 * The Business's knowledge: FAQ entries and documents (title up to 200 characters, text up to 20,000, at most 10,000
 * entries), a search as the agent searches, and an import of a Markdown or text file (one entry per heading).
 */
@Controller("/api/v1/knowledge")
@Validated
public class KnowledgeController {
  /** A file larger than this is refused before it is read into entries. */
  static final int MAX_IMPORT = 512 * 1024;
  private final KnowledgeBase knowledge;
  private final TenantDatabase database;

  public KnowledgeController(KnowledgeBase knowledge, TenantDatabase database) {
    this.knowledge = knowledge;
    this.database = database;
  }

  @Serdeable
  public record EntryRequest(@Nullable String kind, @Nullable String title, @Nullable String body) {
    KnowledgeBase.Draft draft() {
      return new KnowledgeBase.Draft(kind, title, body);
    }
  }

  @Serdeable
  public record SearchResults(List<KnowledgeBase.Found> results) {}

  @Serdeable
  public record Imported(int created, List<Entry> entries) {}

  @Get
  public Page<Entry> list(@Parameter(hidden = true) Tenant tenant,
                          @QueryValue(defaultValue = "50") @Min(1) @Max(200) int limit,
                          @QueryValue(defaultValue = "0") @Min(0) int offset) {
    return knowledge.list(tenant, limit, offset);
  }

  /** What the agent would be told for this question. */
  @Get("/search")
  public SearchResults search(@Parameter(hidden = true) Tenant tenant, @QueryValue @Nullable String q) {
    if (q == null || q.isBlank() || q.length() > 300) {
      throw ApiException.badRequest("q must be 1 to 300 characters");
    }
    return new SearchResults(database.inTenant(tenant.businessId(), c -> KnowledgeBase.search(c, tenant, q, 3)));
  }

  @Get("/{id}")
  public Entry get(@Parameter(hidden = true) Tenant tenant, UUID id) {
    return knowledge.get(tenant, id);
  }

  @Post
  public HttpResponse<Entry> create(@Parameter(hidden = true) Tenant tenant, @Body EntryRequest request) {
    return HttpResponse.created(knowledge.create(tenant, request.draft()));
  }

  @Put("/{id}")
  public Entry update(@Parameter(hidden = true) Tenant tenant, UUID id, @Body EntryRequest request) {
    return knowledge.update(tenant, id, request.draft());
  }

  @Delete("/{id}")
  public HttpResponse<Void> delete(@Parameter(hidden = true) Tenant tenant, UUID id) {
    knowledge.delete(tenant, id);
    return HttpResponse.noContent();
  }

  /** A Markdown or plain-text file as the body; {@code name} is its file name (the title of a file without headings). */
  @Post(uri = "/import", consumes = {MediaType.TEXT_PLAIN, "text/markdown"})
  @Consumes({MediaType.TEXT_PLAIN, "text/markdown"})
  public HttpResponse<Imported> importFile(@Parameter(hidden = true) Tenant tenant, @Body String file,
                                           @QueryValue(defaultValue = "imported.md") String name) {
    return HttpResponse.created(importText(knowledge, tenant, name, file));
  }

  /** The one way a file becomes entries (the API's import and the dashboard's). */
  public static Imported importText(KnowledgeBase knowledge, Tenant tenant, String name, String file) {
    if (file == null || file.isBlank()) {
      throw ApiException.badRequest("The file is empty");
    }
    if (file.length() > MAX_IMPORT) {
      throw ApiException.badRequest("The file is larger than " + MAX_IMPORT / 1024 + " KiB");
    }
    List<MarkdownSections.Section> sections = MarkdownSections.of(name, file);
    List<KnowledgeBase.Draft> drafts = new java.util.ArrayList<>();
    for (int i = 0; i < sections.size(); i++) {
      MarkdownSections.Section s = sections.get(i);
      try {
        drafts.add(new KnowledgeBase.Draft(sections.size() == 1 ? "document" : "faq", s.title(), s.body()));
      } catch (ApiException e) {
        throw ApiException.badRequest("Section " + (i + 1) + " (\"" + abbreviate(s.title()) + "\"): " + e.getMessage());
      }
    }
    List<Entry> created = knowledge.createAll(tenant, drafts);
    return new Imported(created.size(), created);
  }

  private static String abbreviate(String title) {
    return title.length() > 60 ? title.substring(0, 60) + "…" : title;
  }
}
