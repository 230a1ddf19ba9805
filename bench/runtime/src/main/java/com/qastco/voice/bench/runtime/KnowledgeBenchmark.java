package com.qastco.voice.bench.runtime;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.embedded.EmbeddedPostgresServer;
import com.qastco.voice.runtime.knowledge.KnowledgeBase;
import com.qastco.voice.runtime.storage.Migrations;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.tenants.Tenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The knowledge search as the agent's tool runs it (KnowledgeBase.search through TenantDatabase.inTenant, the one door
 * to tenant data), in one Business with 10,000 entries among 1,000 Businesses of 20 entries each, against a
 * primary-key read of one entry through the same door in the same run. Questions are three words drawn from the
 * entries' own vocabulary, so most of them match many entries and must be ranked.
 * Run: see the README, "Benchmarks".
 */
public final class KnowledgeBenchmark {
  private KnowledgeBenchmark() {}

  public static void main(String[] args) {
    PlaceOrderBenchmark.exitWith(KnowledgeBenchmark::run);
  }

  private static void run() throws Exception {
    int businesses = Integer.getInteger("businesses", 1_000);
    int bigEntries = Integer.getInteger("entries", 10_000);
    int queries = Integer.getInteger("queries", 2_000);
    Random random = new Random(42);
    String[] words = vocabulary(random, 3_000);
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(Migrations::run, PlaceOrderBenchmark.DURABLE)) {
      TenantDatabase database = Measured.database(postgres);
      KnowledgeBase knowledge = new KnowledgeBase(database);
      Business example = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
          Files.newInputStream(Path.of(System.getProperty("examples", "examples"), "mario-pizza.yaml")),
          Business.class);
      long seeding = System.nanoTime();
      Tenant big = tenant(example);
      seed(knowledge, big, bigEntries, words, random);
      for (int i = 1; i < businesses; i++) {
        seed(knowledge, tenant(example), 20, words, random);
      }
      try (var c = postgres.ownerConnection(); var s = c.createStatement()) {
        s.execute("ANALYZE knowledge_entry");
      }
      System.out.printf("seeded %d Businesses, %d entries in the big one, %d in all, in %.1f s%n", businesses,
          bigEntries, bigEntries + (businesses - 1) * 20L, (System.nanoTime() - seeding) / 1e9);
      if (Boolean.getBoolean("explain")) {
        try (var c = postgres.ownerConnection(); var s = c.createStatement()) {
          // The query knowledge_matches runs, as the owner it runs as (see V18).
          try (var r = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) WITH q AS (SELECT nullif(replace("
              + "websearch_to_tsquery('english', '" + words[1] + " " + words[2] + " " + words[3]
              + "')::text, ' & ', ' | '), '')::tsquery AS query) SELECT k.id, k.title FROM knowledge_entry k, q"
              + " WHERE k.business_id = '" + big.businessId() + "' AND k.search @@ q.query"
              + " ORDER BY ts_rank_cd(k.search, q.query) DESC LIMIT 3")) {
            while (r.next()) {
              System.out.println(r.getString(1));
            }
          }
        }
      }
      List<UUID> ids = knowledge.list(big, 200, 0).items().stream().map(KnowledgeBase.Entry::id).toList();
      // Warm-up of both paths, then the measures interleaved so that both see the same machine.
      measure(database, knowledge, big, words, ids, random, 500);
      long[][] timed = measure(database, knowledge, big, words, ids, random, queries);
      double searchP50 = Measured.percentile(timed[0], 50);
      double searchP99 = Measured.percentile(timed[0], 99);
      double keyP50 = Measured.percentile(timed[1], 50);
      double keyP99 = Measured.percentile(timed[1], 99);
      System.out.printf("baseline: primary-key read of one entry  p50 %.2f ms  p99 %.2f ms%n", keyP50, keyP99);
      System.out.printf("search_knowledge's query, %d entries       p50 %.2f ms  p99 %.2f ms%n", bigEntries,
          searchP50, searchP99);
      System.out.printf("ratio: p50 %.1fx  p99 %.1fx the primary-key read; p99 target 20 ms: %s%n",
          searchP50 / keyP50, searchP99 / keyP99, searchP99 <= 20 ? "met" : "NOT met");
    }
  }

  private static long[][] measure(TenantDatabase database, KnowledgeBase knowledge, Tenant big, String[] words,
                                  List<UUID> ids, Random random, int count) {
    long[] search = new long[count];
    long[] key = new long[count];
    for (int i = 0; i < count; i++) {
      String question = words[random.nextInt(words.length)] + " " + words[random.nextInt(words.length)] + " "
          + words[random.nextInt(words.length)];
      long started = System.nanoTime();
      database.inTenant(big.businessId(), c -> KnowledgeBase.search(c, big, question, 3));
      search[i] = System.nanoTime() - started;
      UUID id = ids.get(random.nextInt(ids.size()));
      started = System.nanoTime();
      knowledge.get(big, id);
      key[i] = System.nanoTime() - started;
    }
    return new long[][] {search, key};
  }

  private static Tenant tenant(Business example) {
    UUID id = UUID.randomUUID();
    return new Tenant(id, "voice", "b-" + id, "b-" + id.toString().substring(0, 8), "https://x.example",
        example.getSpec(), null, null);
  }

  private static void seed(KnowledgeBase knowledge, Tenant tenant, int entries, String[] words, Random random) {
    List<KnowledgeBase.Draft> drafts = new ArrayList<>();
    for (int i = 0; i < entries; i++) {
      drafts.add(new KnowledgeBase.Draft("faq", sentence(words, random, 4), sentence(words, random, 60)));
    }
    knowledge.createAll(tenant, drafts);
  }

  private static String sentence(String[] words, Random random, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(i == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
    }
    return text.append('.').toString();
  }

  /** Made-up words of 4–9 letters: a vocabulary no stemmer or stop list shrinks by chance. */
  private static String[] vocabulary(Random random, int size) {
    String[] words = new String[size];
    for (int i = 0; i < size; i++) {
      char[] letters = new char[4 + random.nextInt(6)];
      for (int j = 0; j < letters.length; j++) {
        letters[j] = (char) ('a' + random.nextInt(26));
      }
      words[i] = new String(letters);
    }
    return words;
  }
}
