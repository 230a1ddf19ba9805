package com.qastco.voice.integrations.fakes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Stripe's v1 API for customers and subscriptions, as Stripe's API reference describes it:
 * Bearer secret-key auth (401), form-encoded bodies with bracketed keys, {@code error} bodies with type, code and
 * message, unknown prices refused (400 resource_missing), and idempotency keys replayed: the same key with the same
 * parameters returns the first answer (with {@code Idempotent-Replayed: true}); with other parameters it is a 400
 * idempotency_error. Subscriptions carry trials, several items (a fee and a metered price), current periods on
 * their items, prorations computed at the proration date, paused collection and resumption. Billing (§1.2, §1.6):
 * meter events with identifiers unique over 24 hours and the 35-day window, event summaries, invoices closed from
 * the state, Checkout in setup mode with its setup intent, and customer-portal sessions.
 */
public final class StripeFake extends StatefulFake {
  public static final String API_KEY = "sk_test_fakestripekey0123456789";
  private final Set<String> prices = new CopyOnWriteArraySet<>();
  private final Map<String, Long> amounts = new LinkedHashMap<>();
  private final Map<String, String> meteredPrices = new LinkedHashMap<>();
  private final Map<String, String> meters = new LinkedHashMap<>();
  private final List<ObjectNode> meterEvents = new ArrayList<>();
  private final Map<String, ObjectNode> invoices = new LinkedHashMap<>();
  private final Map<String, ObjectNode> checkouts = new LinkedHashMap<>();
  private final Map<String, ObjectNode> setupIntents = new LinkedHashMap<>();
  private final Map<String, List<Change>> priceHistory = new LinkedHashMap<>();
  private final Map<String, List<long[]>> prorationItems = new LinkedHashMap<>();
  private int meterFaults;
  private int meterFaultStatus;
  private boolean meterFaultAfterStoring;
  private java.time.Clock clock = java.time.Clock.systemUTC();

  /** One price of a subscription item from a moment on (epoch seconds). */
  private record Change(long at, int item, String price) {}
  private final Map<String, ObjectNode> customers = new LinkedHashMap<>();
  private final Map<String, ObjectNode> subscriptions = new LinkedHashMap<>();
  private final Map<String, Replay> idempotency = new LinkedHashMap<>();
  private final List<String> prorations = new ArrayList<>();
  private int creations;
  private java.time.Duration creationDelay = java.time.Duration.ZERO;

  /** Customers and subscriptions are created at once but answered this late, as when a response is lost. */
  public synchronized void creationsTake(java.time.Duration delay) {
    this.creationDelay = delay;
  }

  private record Replay(String method, String path, Map<String, String> params, int status, String body) {}

  public StripeFake withPrices(String... ids) {
    prices.addAll(List.of(ids));
    return this;
  }

  /** A licensed monthly price of {@code amount} minor units. */
  public synchronized StripeFake withPrice(String id, long amount) {
    prices.add(id);
    amounts.put(id, amount);
    return this;
  }

  /** A meter, counting (sum) the events named {@code eventName}. */
  public synchronized StripeFake withMeter(String meterId, String eventName) {
    meters.put(meterId, eventName);
    return this;
  }

  /** A metered per-unit price on a meter: {@code amount} minor units for each unit the meter sums in a period. */
  public synchronized StripeFake withMeteredPrice(String id, String meterId, long amount) {
    prices.add(id);
    amounts.put(id, amount);
    meteredPrices.put(id, meterId);
    return this;
  }

  /** Stripe's clock (prorations, periods, the 35-day window of meter events). */
  public synchronized void useClock(java.time.Clock clock) {
    this.clock = clock;
  }

  /**
   * The next {@code count} meter events are answered {@code status}; {@code afterStoring}: Stripe counted the event
   * and the answer was lost on the way (a 500 or a timeout after the fact), so only its identifier protects it.
   */
  public synchronized void failMeterEvents(int count, int status, boolean afterStoring) {
    meterFaults = count;
    meterFaultStatus = status;
    meterFaultAfterStoring = afterStoring;
  }

  /** Meter events Stripe counted. */
  public synchronized List<ObjectNode> meterEvents() {
    return List.copyOf(meterEvents);
  }

  /** Sum of what a meter counted for a customer, as the event summaries report it. */
  public synchronized long meterTotal(String meterId, String customer) {
    return meterSum(meterId, customer, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** An event Stripe counted that the platform never sent (a difference reconciliation must find). */
  public synchronized void injectMeterEvent(String eventName, String customer, long value) {
    meterEvents.add(JSON.createObjectNode().put("identifier", "injected-" + id()).put("event_name", eventName)
        .put("customer", customer).put("value", value).put("timestamp", clock.instant().getEpochSecond()));
  }

  /** The customer completed a Checkout session: its setup intent now holds a saved card. */
  public synchronized String completeCheckout(String sessionId) {
    ObjectNode session = checkouts.get(sessionId);
    session.put("status", "complete");
    String method = "pm_" + id();
    setupIntents.get(session.path("setup_intent").asText()).put("status", "succeeded").put("payment_method", method);
    return method;
  }

  /**
   * Stripe closes the subscription's current period: an invoice (finalized, open) with the period's fee, the
   * prorations of plan changes made in it, and each metered price's usage in the period at that price's amount
   * (usage before a price swap at the old price). Returns the invoice id.
   */
  public synchronized String finalizeInvoice(String subscriptionId) {
    ObjectNode subscription = subscriptions.get(subscriptionId);
    ObjectNode fee = (ObjectNode) subscription.path("items").path("data").get(0);
    long start = fee.path("current_period_start").asLong();
    long end = fee.path("current_period_end").asLong();
    List<Map<String, Object>> lines = new ArrayList<>();
    List<Change> history = priceHistory.getOrDefault(subscriptionId, List.of());
    String firstFee = history.stream().filter(c -> c.item() == 0 && c.at() <= start).reduce((a, b) -> b)
        .map(Change::price).orElse(history.stream().filter(c -> c.item() == 0).findFirst().map(Change::price)
            .orElse(fee.path("price").path("id").asText()));
    lines.add(line(firstFee, false, 1, amounts.getOrDefault(firstFee, 0L), start, end));
    for (long[] proration : prorationItems.getOrDefault(subscriptionId, List.of())) {
      lines.add(line(null, true, 1, proration[0], proration[1], end));
    }
    String customer = subscription.path("customer").asText();
    Map<String, long[]> usage = new LinkedHashMap<>();
    for (int i = 0; i < history.size(); i++) {
      Change change = history.get(i);
      if (change.item() != 1 || change.price() == null || !meteredPrices.containsKey(change.price())) {
        continue;
      }
      long until = history.stream().skip(i + 1).filter(c -> c.item() == 1).findFirst().map(Change::at)
          .orElse(Long.MAX_VALUE);
      long quantity = meterSum(meteredPrices.get(change.price()), customer, Math.max(start, change.at()),
          Math.min(end, until));
      if (quantity > 0) {
        usage.merge(change.price(), new long[] {quantity}, (a, b) -> new long[] {a[0] + b[0]});
      }
    }
    usage.forEach((price, q) -> lines.add(line(price, false, q[0], q[0] * amounts.getOrDefault(price, 0L),
        start, end)));
    long total = lines.stream().mapToLong(l -> ((Number) l.get("amount")).longValue()).sum();
    ObjectNode invoice = JSON.createObjectNode().put("id", "in_" + id()).put("object", "invoice")
        .put("number", "VOICE-" + (invoices.size() + 1)).put("status", "open").put("currency", "usd")
        .put("customer", customer).put("total", total).put("amount_due", total).put("amount_paid", 0)
        .put("period_start", start).put("period_end", end).put("due_date", end + 30 * 86_400)
        .put("hosted_invoice_url", "https://invoice.stripe.test/i/" + id());
    invoice.set("parent", JSON.valueToTree(Map.of("type", "subscription_details", "subscription_details",
        Map.of("subscription", subscriptionId, "metadata", subscription.path("metadata")))));
    invoice.set("lines", JSON.valueToTree(Map.of("object", "list", "data", lines, "has_more", false,
        "url", "/v1/invoices/lines")));
    invoices.put(invoice.get("id").asText(), invoice);
    return invoice.get("id").asText();
  }

  /** The customer paid an invoice. */
  public synchronized void payInvoice(String invoiceId) {
    ObjectNode invoice = invoices.get(invoiceId);
    invoice.put("status", "paid").put("amount_paid", invoice.path("total").asLong());
  }

  public synchronized ObjectNode invoice(String invoiceId) {
    return invoices.get(invoiceId).deepCopy();
  }

  private long meterSum(String meterId, String customer, long from, long to) {
    String eventName = meters.get(meterId);
    return meterEvents.stream().filter(e -> e.path("event_name").asText().equals(eventName)
            && e.path("customer").asText().equals(customer) && e.path("timestamp").asLong() >= from
            && e.path("timestamp").asLong() < to)
        .mapToLong(e -> e.path("value").asLong()).sum();
  }

  private static Map<String, Object> line(String price, boolean proration, long quantity, long amount, long start,
                                          long end) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("id", "il_" + id());
    line.put("object", "line_item");
    line.put("amount", amount);
    line.put("quantity", quantity);
    line.put("period", Map.of("start", start, "end", end));
    if (price != null) {
      line.put("pricing", Map.of("type", "price_details", "price_details", Map.of("price", price, "product",
          "prod_voice")));
    }
    line.put("parent", Map.of("type", "subscription_item_details", "subscription_item_details",
        Map.of("proration", proration)));
    return line;
  }

  public synchronized Map<String, ObjectNode> customers() {
    return Map.copyOf(customers);
  }

  public synchronized Map<String, ObjectNode> subscriptions() {
    return Map.copyOf(subscriptions);
  }

  /** What Stripe would do on its own (a failed payment makes it past_due, a cancellation canceled). */
  public synchronized void setStatus(String subscriptionId, String status) {
    subscriptions.get(subscriptionId).put("status", status);
  }

  /** Customers and subscriptions actually created (replays excluded). */
  public synchronized int creations() {
    return creations;
  }

  /** The proration behaviour of every price change, in order. */
  public synchronized List<String> prorations() {
    return List.copyOf(prorations);
  }

  @Override
  protected ResponseDefinitionBuilder handle(Request request) {
    if (!("Bearer " + API_KEY).equals(request.getHeader("Authorization"))) {
      return error(401, "invalid_request_error", null, "Invalid API Key provided");
    }
    String url = request.getUrl();
    String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
    String method = request.getMethod().getName();
    Map<String, String> params = form("GET".equals(method) || "DELETE".equals(method)
        ? (url.contains("?") ? url.substring(url.indexOf('?') + 1) : "") : request.getBodyAsString());
    String key = request.getHeader("Idempotency-Key");
    if ("POST".equals(method) && key != null && idempotency.containsKey(key)) {
      Replay first = idempotency.get(key);
      if (!first.path().equals(path) || !first.params().equals(params)) {
        return error(400, "idempotency_error", null, "Keys for idempotent requests can only be used with the same"
            + " parameters they were first used with.");
      }
      return com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(first.status())
          .withHeader("Content-Type", "application/json").withHeader("Idempotent-Replayed", "true")
          .withBody(first.body());
    }
    ResponseDefinitionBuilder answer = route(method, path, params);
    var built = answer.build();
    // Like Stripe: a request refused by validation saves no result, so a corrected retry may reuse the key.
    if ("POST".equals(method) && key != null && (built.getStatus() < 400 || built.getStatus() >= 500)) {
      idempotency.put(key, new Replay(method, path, params, built.getStatus(), built.getBody()));
    }
    return answer;
  }

  private ResponseDefinitionBuilder route(String method, String path, Map<String, String> p) {
    String[] parts = path.replaceFirst("^/v1/", "").split("/");
    if (parts[0].equals("customers")) {
      if (parts.length == 2 && parts[1].equals("search") && "GET".equals(method)) {
        String id = p.getOrDefault("query", "").replaceAll(".*:'([^']*)'.*", "$1");
        return list(customers.values().stream().filter(c -> !c.path("deleted").asBoolean()
            && id.equals(c.path("metadata").path("business_id").asText())).toList(), "search_result");
      }
      if (parts.length == 1 && "POST".equals(method)) {
        ObjectNode customer = JSON.createObjectNode().put("id", "cus_" + id()).put("object", "customer")
            .put("created", Instant.now().getEpochSecond());
        customer.put("name", p.get("name")).put("email", p.get("email"));
        customer.set("metadata", JSON.valueToTree(nested(p, "metadata")));
        customers.put(customer.get("id").asText(), customer);
        creations++;
        return delayed(json(200, customer), creationDelay);
      }
      ObjectNode customer = parts.length > 1 ? customers.get(parts[1]) : null;
      if (customer == null) {
        return error(404, "invalid_request_error", "resource_missing", "No such customer: '" + parts[1] + "'");
      }
      switch (method) {
        case "POST" -> {
          p.forEach((k, v) -> customer.put(k, v));
          return json(200, customer);
        }
        case "DELETE" -> {
          customer.put("deleted", true);
          return json(200, JSON.createObjectNode().put("id", customer.get("id").asText()).put("object", "customer")
              .put("deleted", true));
        }
        default -> {
          return json(200, customer);
        }
      }
    }
    if (parts[0].equals("billing") || parts[0].equals("billing_portal") || parts[0].equals("checkout")
        || parts[0].equals("setup_intents") || parts[0].equals("invoices")) {
      return billingRoute(method, parts, p);
    }
    if (parts[0].equals("subscriptions") && parts.length == 3 && parts[2].equals("resume")) {
      ObjectNode subscription = subscriptions.get(parts[1]);
      if (subscription == null || !"paused".equals(subscription.path("status").asText())) {
        return error(400, "invalid_request_error", null, "Only a paused subscription can be resumed");
      }
      subscription.put("status", "active");
      return json(200, subscription);
    }
    if (parts[0].equals("subscriptions")) {
      if (parts.length == 1 && "GET".equals(method)) {
        String customer = p.get("customer");
        return list(subscriptions.values().stream().filter(s -> customer == null
            || customer.equals(s.path("customer").asText())).toList(), "list");
      }
      if (parts.length == 1 && "POST".equals(method)) {
        return createSubscription(p);
      }
      ObjectNode subscription = subscriptions.get(parts[1]);
      if (subscription == null) {
        return error(404, "invalid_request_error", "resource_missing", "No such subscription: '" + parts[1] + "'");
      }
      return switch (method) {
        case "POST" -> updateSubscription(subscription, p);
        case "DELETE" -> {
          subscription.put("status", "canceled");
          subscription.put("canceled_at", Instant.now().getEpochSecond());
          yield json(200, subscription);
        }
        default -> json(200, subscription);
      };
    }
    return error(404, "invalid_request_error", null, "Unrecognized request URL (" + method + ": " + path + ")");
  }

  private ResponseDefinitionBuilder createSubscription(Map<String, String> p) {
    String customer = p.get("customer");
    if (customer == null || !customers.containsKey(customer)) {
      return error(400, "invalid_request_error", "resource_missing", "No such customer: '" + customer + "'");
    }
    List<String> itemPrices = new ArrayList<>();
    for (int i = 0; p.containsKey("items[" + i + "][price]"); i++) {
      String price = p.get("items[" + i + "][price]");
      if (!prices.contains(price)) {
        return error(400, "invalid_request_error", "resource_missing", "No such price: '" + price + "'");
      }
      itemPrices.add(price);
    }
    if (itemPrices.isEmpty()) {
      return error(400, "invalid_request_error", "parameter_missing", "Missing required param: items.");
    }
    long trialDays = Long.parseLong(p.getOrDefault("trial_period_days", "0"));
    Instant now = clock.instant();
    ObjectNode subscription = JSON.createObjectNode().put("id", "sub_" + id()).put("object", "subscription")
        .put("customer", customer).put("status", trialDays > 0 ? "trialing" : "active")
        .put("created", now.getEpochSecond());
    // During a trial the current period is the trial; then monthly.
    long periodEnd = trialDays > 0 ? now.plusSeconds(trialDays * 86_400).getEpochSecond()
        : now.atOffset(java.time.ZoneOffset.UTC).plusMonths(1).toEpochSecond();
    if (trialDays > 0) {
      subscription.put("trial_end", periodEnd);
    } else {
      subscription.putNull("trial_end");
    }
    subscription.putNull("pause_collection");
    subscription.put("trial_missing_payment_method",
        p.get("trial_settings[end_behavior][missing_payment_method]"));
    subscription.set("metadata", JSON.valueToTree(nested(p, "metadata")));
    List<Map<String, Object>> items = new ArrayList<>();
    List<Change> history = new ArrayList<>();
    for (int i = 0; i < itemPrices.size(); i++) {
      items.add(item(itemPrices.get(i), now.getEpochSecond(), periodEnd));
      history.add(new Change(now.getEpochSecond(), i, itemPrices.get(i)));
    }
    subscription.set("items", JSON.valueToTree(Map.of("object", "list", "data", items)));
    subscriptions.put(subscription.get("id").asText(), subscription);
    priceHistory.put(subscription.get("id").asText(), history);
    creations++;
    return json(200, subscription);
  }

  private ResponseDefinitionBuilder updateSubscription(ObjectNode subscription, Map<String, String> p) {
    if ("canceled".equals(subscription.path("status").asText())) {
      return error(400, "invalid_request_error", null, "A canceled subscription can only update its metadata");
    }
    com.fasterxml.jackson.databind.node.ArrayNode items = (com.fasterxml.jackson.databind.node.ArrayNode)
        subscription.path("items").path("data");
    long at = Long.parseLong(p.getOrDefault("proration_date", Long.toString(clock.instant().getEpochSecond())));
    String subscriptionId = subscription.path("id").asText();
    boolean changed = false;
    for (int i = 0; p.containsKey("items[" + i + "][price]") || p.containsKey("items[" + i + "][deleted]"); i++) {
      String price = p.get("items[" + i + "][price]");
      String itemId = p.get("items[" + i + "][id]");
      if (price != null && !prices.contains(price)) {
        return error(400, "invalid_request_error", "resource_missing", "No such price: '" + price + "'");
      }
      if (itemId != null && (i >= items.size() || !items.get(i).path("id").asText().equals(itemId))) {
        return error(400, "invalid_request_error", "resource_missing", "No such subscription item: '" + itemId
            + "'");
      }
      if ("true".equals(p.get("items[" + i + "][deleted]"))) {
        items.remove(i);
        priceHistory.get(subscriptionId).add(new Change(at, i, null));
        changed = true;
        continue;
      }
      if (itemId == null) {
        ObjectNode fee = (ObjectNode) items.get(0);
        items.add(JSON.valueToTree(item(price, fee.path("current_period_start").asLong(),
            fee.path("current_period_end").asLong())));
      } else {
        ObjectNode item = (ObjectNode) items.get(i);
        String old = item.path("price").path("id").asText();
        if (old.equals(price)) {
          continue;
        }
        item.set("price", JSON.valueToTree(Map.of("id", price, "object", "price")));
        if (i == 0 && !"none".equals(p.get("proration_behavior"))) {
          prorate(subscriptionId, item, old, price, at);
        }
      }
      priceHistory.get(subscriptionId).add(new Change(at, i, price));
      changed = true;
    }
    if (changed) {
      prorations.add(p.getOrDefault("proration_behavior", "create_prorations"));
    }
    nested(p, "metadata").forEach((k, v) -> ((ObjectNode) subscription.path("metadata")).put(k, v));
    if (p.containsKey("default_payment_method")) {
      subscription.put("default_payment_method", p.get("default_payment_method"));
    }
    if (p.containsKey("pause_collection")) { // "" unsets it
      subscription.putNull("pause_collection");
    }
    if (p.containsKey("pause_collection[behavior]")) {
      subscription.set("pause_collection", JSON.valueToTree(Map.of("behavior", p.get("pause_collection[behavior]"))));
    }
    return json(200, subscription);
  }

  private static Map<String, Object> item(String price, long periodStart, long periodEnd) {
    return Map.of("id", "si_" + id(), "object", "subscription_item",
        "price", Map.of("id", price, "object", "price"), "quantity", 1,
        "current_period_start", periodStart, "current_period_end", periodEnd);
  }

  /** Unused time on the old price credited, the rest of the period on the new one charged, each rounded. */
  private void prorate(String subscriptionId, ObjectNode item, String from, String to, long at) {
    long start = item.path("current_period_start").asLong();
    long end = item.path("current_period_end").asLong();
    java.math.BigDecimal left = java.math.BigDecimal.valueOf(end - at).divide(java.math.BigDecimal.valueOf(
        end - start), 12, java.math.RoundingMode.HALF_UP);
    long credit = left.multiply(java.math.BigDecimal.valueOf(amounts.getOrDefault(from, 0L)))
        .setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    long charge = left.multiply(java.math.BigDecimal.valueOf(amounts.getOrDefault(to, 0L)))
        .setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    List<long[]> items = prorationItems.computeIfAbsent(subscriptionId, k -> new ArrayList<>());
    items.add(new long[] {-credit, at});
    items.add(new long[] {charge, at});
  }

  private ResponseDefinitionBuilder billingRoute(String method, String[] parts, Map<String, String> p) {
    String path = String.join("/", parts);
    if (path.equals("billing/meter_events") && "POST".equals(method)) {
      return meterEvent(p);
    }
    if (path.equals("billing/meters") && "GET".equals(method)) {
      return json(200, Map.of("object", "list", "url", "/v1/billing/meters", "has_more", false,
          "data", meters.entrySet().stream().map(m -> Map.of("id", m.getKey(), "object", "billing.meter",
              "event_name", m.getValue(), "status", "active")).toList()));
    }
    if (parts.length == 4 && parts[1].equals("meters") && parts[3].equals("event_summaries")) {
      if (!meters.containsKey(parts[2])) {
        return error(404, "invalid_request_error", "resource_missing", "No such billing meter: '" + parts[2] + "'");
      }
      if (p.get("customer") == null || p.get("start_time") == null || p.get("end_time") == null) {
        return error(400, "invalid_request_error", "parameter_missing", "customer, start_time and end_time are"
            + " required");
      }
      long from = Long.parseLong(p.get("start_time"));
      long to = Long.parseLong(p.get("end_time"));
      if (from % 60 != 0 || to % 60 != 0) {
        return error(400, "invalid_request_error", null, "start_time and end_time must be aligned with minute"
            + " boundaries");
      }
      long sum = meterSum(parts[2], p.get("customer"), from, to);
      return list(List.of(JSON.createObjectNode().put("id", "mtrusg_" + id()).put("object",
          "billing.meter_event_summary").put("meter", parts[2]).put("aggregated_value", sum)
          .put("start_time", from).put("end_time", to).put("livemode", false)), "list");
    }
    if (parts[0].equals("invoices") && parts.length == 2 && "GET".equals(method)) {
      ObjectNode invoice = invoices.get(parts[1]);
      return invoice == null ? error(404, "invalid_request_error", "resource_missing", "No such invoice: '"
          + parts[1] + "'") : json(200, invoice);
    }
    if (path.equals("checkout/sessions") && "POST".equals(method)) {
      if (!customers.containsKey(p.get("customer"))) {
        return error(400, "invalid_request_error", "resource_missing", "No such customer: '" + p.get("customer")
            + "'");
      }
      if (!"setup".equals(p.get("mode")) || p.get("currency") == null || p.get("success_url") == null) {
        return error(400, "invalid_request_error", null, "A setup session needs mode, currency and success_url");
      }
      String intent = "seti_" + id();
      setupIntents.put(intent, JSON.createObjectNode().put("id", intent).put("object", "setup_intent")
          .put("customer", p.get("customer")).put("status", "requires_payment_method").putNull("payment_method"));
      String id = "cs_test_" + id();
      ObjectNode session = JSON.createObjectNode().put("id", id).put("object", "checkout.session")
          .put("mode", "setup").put("customer", p.get("customer")).put("status", "open")
          .put("setup_intent", intent).put("client_reference_id", p.get("client_reference_id"))
          .put("url", "https://checkout.stripe.test/c/pay/" + id);
      session.set("metadata", JSON.valueToTree(nested(p, "metadata")));
      checkouts.put(id, session);
      return json(200, session);
    }
    if (parts[0].equals("checkout") && parts.length == 3 && "GET".equals(method)) {
      ObjectNode session = checkouts.get(parts[2]);
      return session == null ? error(404, "invalid_request_error", "resource_missing", "No such checkout.session")
          : json(200, session);
    }
    if (parts[0].equals("setup_intents") && parts.length == 2) {
      ObjectNode intent = setupIntents.get(parts[1]);
      return intent == null ? error(404, "invalid_request_error", "resource_missing", "No such setupintent")
          : json(200, intent);
    }
    if (path.equals("billing_portal/sessions") && "POST".equals(method)) {
      if (!customers.containsKey(p.get("customer"))) {
        return error(400, "invalid_request_error", "resource_missing", "No such customer: '" + p.get("customer")
            + "'");
      }
      return json(200, Map.of("id", "bps_" + id(), "object", "billing_portal.session", "customer",
          p.get("customer"), "return_url", p.getOrDefault("return_url", ""),
          "url", "https://billing.stripe.test/p/session/" + id()));
    }
    return error(404, "invalid_request_error", null, "Unrecognized request URL (" + method + ": /v1/" + path + ")");
  }

  /**
   * Stripe's meter event contract: a known event name, the customer and a whole value in the payload, a timestamp
   * within the past 35 days and at most 5 minutes ahead, and an identifier unique over (at least) 24 hours.
   */
  private ResponseDefinitionBuilder meterEvent(Map<String, String> p) {
    if (meterFaults > 0) {
      meterFaults--;
      if (!meterFaultAfterStoring) {
        return meterFaultStatus == 429 ? error(429, "invalid_request_error", "rate_limit",
            "Too many requests hit the API too quickly.") : error(meterFaultStatus, "api_error", null,
            "An error occurred with our connection to Stripe.");
      }
      ResponseDefinitionBuilder stored = meterEvent(p);
      return stored.build().getStatus() == 200 ? error(500, "api_error", null,
          "An error occurred with our connection to Stripe.") : stored;
    }
    String eventName = p.get("event_name");
    if (!meters.containsValue(eventName)) {
      return error(400, "invalid_request_error", null, "No active meter was found for event_name '" + eventName
          + "'");
    }
    String customer = p.get("payload[stripe_customer_id]");
    if (customer == null || !customers.containsKey(customer)) {
      return error(400, "invalid_request_error", null, "No customer found for payload[stripe_customer_id]");
    }
    String value = p.getOrDefault("payload[value]", "");
    if (!value.matches("-?\\d{1,15}")) {
      return error(400, "invalid_request_error", null, "payload[value] must be a whole number");
    }
    long now = clock.instant().getEpochSecond();
    long timestamp = Long.parseLong(p.getOrDefault("timestamp", Long.toString(now)));
    if (timestamp < now - 35 * 86_400 || timestamp > now + 300) {
      return error(400, "invalid_request_error", null, "timestamp must be within the past 35 calendar days and at"
          + " most 5 minutes in the future");
    }
    String identifier = p.getOrDefault("identifier", "gen_" + id());
    boolean taken = meterEvents.stream().anyMatch(e -> e.path("identifier").asText().equals(identifier)
        && e.path("received").asLong() > now - 86_400);
    if (taken) {
      return error(400, "invalid_request_error", null, "An event with identifier '" + identifier
          + "' already exists.");
    }
    ObjectNode event = JSON.createObjectNode().put("identifier", identifier).put("event_name", eventName)
        .put("customer", customer).put("value", Long.parseLong(value)).put("timestamp", timestamp)
        .put("received", now);
    meterEvents.add(event);
    return json(200, Map.of("object", "billing.meter_event", "event_name", eventName, "identifier", identifier,
        "created", now, "timestamp", timestamp, "livemode", false,
        "payload", Map.of("stripe_customer_id", customer, "value", value)));
  }

  private static ResponseDefinitionBuilder list(List<ObjectNode> data, String object) {
    return json(200, Map.of("object", object, "data", data, "has_more", false, "url", "/v1"));
  }

  private static Map<String, String> nested(Map<String, String> params, String prefix) {
    Map<String, String> values = new TreeMap<>();
    params.forEach((k, v) -> {
      if (k.startsWith(prefix + "[")) {
        values.put(k.substring(prefix.length() + 1, k.length() - 1), v);
      }
    });
    return values;
  }

  private static Map<String, String> form(String body) {
    Map<String, String> params = new TreeMap<>();
    if (body == null || body.isEmpty()) {
      return params;
    }
    for (String pair : body.split("&")) {
      String[] kv = pair.split("=", 2);
      params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return params;
  }

  private static String id() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 14);
  }

  /** Stripe's error body. */
  public static ResponseDefinitionBuilder error(int status, String type, String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("type", type);
    if (code != null) {
      error.put("code", code);
    }
    error.put("message", message);
    return json(status, Map.of("error", error));
  }
}
