package com.qastco.voice.runtime.knowledge;

import com.qastco.voice.runtime.tools.Spoken;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.api.Page;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A Business's FAQ entries and documents, and the search the agent asks before it says "I don't know": PostgreSQL
 * full-text search in the Business's language, every word of the question counting (OR), ranked by cover density
 * with title words weighing more than body words.
 */
@Singleton
public class KnowledgeBase {
  /** Enough for a shop's FAQs and a clinic's leaflets; a search stays one index read however many there are. */
  public static final int MAX_ENTRIES = 10_000;
  public static final int MAX_TITLE = 200;
  public static final int MAX_BODY = 20_000;
  private static final String COLUMNS = "id, kind, title, body, created_at, updated_at";
  private final TenantDatabase database;

  public KnowledgeBase(TenantDatabase database) {
    this.database = database;
  }

  @Serdeable
  public record Entry(UUID id, String kind, String title, String body, Instant createdAt, Instant updatedAt) {}

  /** A search result: the entry and the part of it short enough to be spoken. */
  @Serdeable
  public record Found(UUID id, String kind, String title, String excerpt) {}

  /** What is written: checked here as well as by the table, so a bad entry gets a sentence, not a constraint. */
  public record Draft(String kind, String title, String body) {
    public Draft {
      kind = kind == null ? "faq" : kind;
      if (!kind.equals("faq") && !kind.equals("document")) {
        throw ApiException.badRequest("kind must be faq or document");
      }
      if (title == null || title.isBlank() || title.strip().length() > MAX_TITLE) {
        throw ApiException.badRequest("title must be 1 to " + MAX_TITLE + " characters");
      }
      if (body == null || body.isBlank() || body.strip().length() > MAX_BODY) {
        throw ApiException.badRequest("body must be 1 to " + MAX_BODY + " characters");
      }
      title = title.strip();
      body = body.strip();
    }
  }

  public Page<Entry> list(Tenant tenant, int limit, int offset) {
    return database.inTenant(tenant.businessId(), c -> {
      List<Entry> entries = new ArrayList<>();
      try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + ", count(*) OVER () AS total"
          + " FROM knowledge_entry ORDER BY updated_at DESC, id LIMIT ? OFFSET ?")) {
        select.setInt(1, limit);
        select.setInt(2, offset);
        long total = 0;
        try (ResultSet r = select.executeQuery()) {
          while (r.next()) {
            entries.add(read(r));
            total = r.getLong("total");
          }
        }
        if (entries.isEmpty() && offset > 0) {
          total = count(c);
        }
        return new Page<>(entries, total, limit, offset);
      }
    });
  }

  public Entry get(Tenant tenant, UUID id) {
    return database.inTenant(tenant.businessId(), c -> find(c, id)).orElseThrow(() -> notFound(id));
  }

  public Entry create(Tenant tenant, Draft draft) {
    return createAll(tenant, List.of(draft)).get(0);
  }

  /** Several entries at once (an imported file): all of them, or none when the Business would hold too many. */
  public List<Entry> createAll(Tenant tenant, List<Draft> drafts) {
    return database.inTenant(tenant.businessId(), c -> {
      // One writer at a time per Business, so two imports cannot both pass the count.
      try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('knowledge:' || ?))")) {
        lock.setString(1, tenant.businessId().toString());
        lock.execute();
      }
      if (count(c) + drafts.size() > MAX_ENTRIES) {
        throw ApiException.conflict("A business keeps at most " + MAX_ENTRIES + " knowledge entries; it has "
            + count(c) + " and this adds " + drafts.size());
      }
      List<Entry> created = new ArrayList<>();
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO knowledge_entry (id, business_id, kind,"
          + " title, body, language) VALUES (?, ?, ?, ?, ?, ?::regconfig) RETURNING " + COLUMNS)) {
        for (Draft draft : drafts) {
          insert.setObject(1, UUID.randomUUID());
          insert.setObject(2, tenant.businessId());
          insert.setString(3, draft.kind());
          insert.setString(4, draft.title());
          insert.setString(5, draft.body());
          insert.setString(6, SearchLanguage.of(tenant));
          try (ResultSet r = insert.executeQuery()) {
            r.next();
            created.add(read(r));
          }
        }
      }
      return created;
    });
  }

  public Entry update(Tenant tenant, UUID id, Draft draft) {
    return database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement update = c.prepareStatement("UPDATE knowledge_entry SET kind = ?, title = ?, body = ?,"
          + " language = ?::regconfig, updated_at = now() WHERE id = ? RETURNING " + COLUMNS)) {
        update.setString(1, draft.kind());
        update.setString(2, draft.title());
        update.setString(3, draft.body());
        update.setString(4, SearchLanguage.of(tenant));
        update.setObject(5, id);
        try (ResultSet r = update.executeQuery()) {
          return r.next() ? Optional.of(read(r)) : Optional.<Entry>empty();
        }
      }
    }).orElseThrow(() -> notFound(id));
  }

  public void delete(Tenant tenant, UUID id) {
    int deleted = database.inTenant(tenant.businessId(), c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM knowledge_entry WHERE id = ?")) {
        delete.setObject(1, id);
        return delete.executeUpdate();
      }
    });
    if (deleted == 0) {
      throw notFound(id);
    }
  }

  /** The best few entries for a question, in the tenant's transaction (the tool's). */
  public static List<Found> search(Connection c, Tenant tenant, String question, int limit) throws SQLException {
    // websearch_to_tsquery drops stop words and stems; its ANDs become ORs so that "do you have gluten-free
    // pizza" finds the entry on gluten-free dough, ranked above one that only mentions pizza. Only stop words
    // ("what is it") make an empty query, which matches nothing. knowledge_matches ranks (see V18 for why it is
    // a function); the entries are then read under the Business's policy.
    try (PreparedStatement select = c.prepareStatement("SELECT k.id, k.kind, k.title, k.body"
        + " FROM knowledge_matches(nullif(replace(websearch_to_tsquery(?::regconfig, ?)::text, ' & ', ' | '), '')"
        + "::tsquery, ?) WITH ORDINALITY AS m(id, position) JOIN knowledge_entry k ON k.id = m.id"
        + " ORDER BY m.position")) {
      select.setString(1, SearchLanguage.of(tenant));
      select.setString(2, question);
      select.setInt(3, limit);
      List<Found> found = new ArrayList<>();
      try (ResultSet r = select.executeQuery()) {
        while (r.next()) {
          found.add(new Found(r.getObject(1, UUID.class), r.getString(2), r.getString(3),
              Spoken.excerpt(r.getString(4))));
        }
      }
      return found;
    }
  }

  /** Every entry, newest first, up to {@code limit} (the MCP resource). */
  public List<Entry> all(Tenant tenant, int limit) {
    return list(tenant, limit, 0).items();
  }

  private static long count(Connection c) throws SQLException {
    try (ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM knowledge_entry")) {
      r.next();
      return r.getLong(1);
    }
  }

  private static Optional<Entry> find(Connection c, UUID id) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM knowledge_entry WHERE id = ?")) {
      select.setObject(1, id);
      try (ResultSet r = select.executeQuery()) {
        return r.next() ? Optional.of(read(r)) : Optional.empty();
      }
    }
  }

  private static Entry read(ResultSet r) throws SQLException {
    return new Entry(r.getObject("id", UUID.class), r.getString("kind"), r.getString("title"), r.getString("body"),
        r.getTimestamp("created_at").toInstant(), r.getTimestamp("updated_at").toInstant());
  }

  private static ApiException notFound(UUID id) {
    return ApiException.notFound("No knowledge entry " + id);
  }
}
