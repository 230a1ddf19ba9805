package com.qastco.voice.runtime.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestScenarios;
import com.qastco.voice.runtime.TestHttp;
import com.qastco.voice.runtime.TestHttp.Answer;
import com.qastco.voice.runtime.storage.TenantDatabase;
import com.qastco.voice.runtime.storage.TenantNumbers;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ToolApiTest implements RuntimeTest {
  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  TenantDirectory directory;

  @Inject
  TenantDatabase database;

  @Inject
  TestScenarios scenarios;

  @Inject
  TenantNumbers numbers;

  @Test
  void theMenuComesFromTheCatalog() {
    ToolCalls call = restaurantCall();

    Answer menu = call.tool("get_menu", Map.of());

    assertThat(menu.status()).isEqualTo(200);
    assertThat(menu.get("ok")).isEqualTo(true);
    assertThat(menu.get("say").toString()).isEqualTo("On the menu: Caesar Salad 12.99, Garlic Bread 8.99,"
        + " Margherita Pizza 18.99, Pepperoni Pizza 21.99, Tiramisu 7.99 (USD).");
  }

  @Test
  void anOrderIsPricedFromTheCatalogAndStoredBeforeTheAnswer() {
    ToolCalls call = restaurantCall();

    Answer placed = call.tool("place_order", Map.of("items", List.of(
        Map.of("name", "margherita pizza", "quantity", 2), Map.of("name", "Tiramisu", "quantity", 1)),
        "customerName", "Ann", "customerPhone", "+14155550199"));

    assertThat(placed.get("ok")).isEqualTo(true);
    assertThat(placed.get("total")).isEqualTo("45.97");
    assertThat(placed.get("say")).isEqualTo("Order 1 is placed: 2 Margherita Pizza, 1 Tiramisu."
        + " The total is 45.97 USD.");
    assertThat(orders(call)).isEqualTo(1);
    Answer status = call.tool("order_status", Map.of("orderNumber", 1));
    assertThat(status.get("say")).isEqualTo("Order 1 is placed.");
  }

  @Test
  void anUnknownDishIsAnsweredWithWhatThereIsAndNothingIsWritten() {
    ToolCalls call = restaurantCall();

    Answer answer = call.tool("place_order", Map.of("items", List.of(Map.of("name", "Hawaiian Pizza",
        "quantity", 1))));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.get("ok")).isEqualTo(false);
    assertThat(answer.get("say")).isEqualTo("We don't have Hawaiian Pizza; we have Caesar Salad, Garlic Bread,"
        + " Margherita Pizza, Pepperoni Pizza, Tiramisu.");
    assertThat(orders(call)).isZero();
  }

  @Test
  void argumentsOutsideTheSchemaAreRefusedInWordsAndAModelCannotSetAPrice() {
    ToolCalls call = restaurantCall();

    Answer zero = call.tool("place_order", Map.of("items", List.of(Map.of("name", "Tiramisu", "quantity", 0))));
    Answer priced = call.tool("place_order", Map.of("items", List.of(Map.of("name", "Tiramisu", "quantity", 1,
        "price", 0.01))));

    assertThat(zero.get("ok")).isEqualTo(false);
    assertThat(zero.get("say").toString()).startsWith("I couldn't do that: items[0].quantity");
    assertThat(priced.get("ok")).isEqualTo(false);
    assertThat(priced.get("say").toString()).contains("price");
    assertThat(orders(call)).isZero();
  }

  @Test
  void aRepeatedInvocationReturnsTheFirstAnswerAndCreatesNothingTwice() {
    ToolCalls call = restaurantCall();
    Map<String, Object> order = Map.of("items", List.of(Map.of("name", "Garlic Bread", "quantity", 1)));

    Answer first = call.tool("place_order", order);
    Answer again = call.tool("place_order", order);

    assertThat(again.body()).isEqualTo(first.body());
    assertThat(orders(call)).isEqualTo(1);
  }

  @Test
  void identicalInvocationsAtTheSameInstantPlaceOneOrder() throws Exception {
    ToolCalls call = restaurantCall();
    Map<String, Object> order = Map.of("items", List.of(Map.of("name", "Pepperoni Pizza", "quantity", 3)));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Answer>> answers = pool.invokeAll(IntStream.range(0, 8)
          .mapToObj(i -> (Callable<Answer>) () -> call.tool("place_order", order)).toList());
      for (Future<Answer> answer : answers) {
        assertThat(answer.get().get("orderNumber")).isEqualTo(1);
      }
    } finally {
      pool.shutdown();
    }
    assertThat(orders(call)).isEqualTo(1);
  }

  @Test
  void anOrderIsNotHeldUpByAnotherOrderOfTheSameBusinessStillBeingWritten() throws Exception {
    ToolCalls call = restaurantCall();
    UUID business = call.tenant().businessId();
    CountDownLatch numbered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      // Another order of the same restaurant has its number and is being written, not yet committed.
      Future<Long> slow = pool.submit(() -> database.inTenant(business, c -> {
        long number = numbers.next(business, TenantNumbers.Kind.ORDER);
        try (var insert = c.prepareStatement("INSERT INTO orders (id, business_id, number, status, currency, total)"
            + " VALUES (?, ?, ?, 'placed', 'USD', 1)")) {
          insert.setObject(1, UUID.randomUUID());
          insert.setObject(2, business);
          insert.setLong(3, number);
          insert.executeUpdate();
        }
        numbered.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return number;
      }));
      assertThat(numbered.await(10, TimeUnit.SECONDS)).isTrue();

      // Numbered under a lock held until commit, this order would wait for the other (or take its number).
      Answer placed = call.tool("place_order", Map.of("items", List.of(Map.of("name", "Tiramisu", "quantity", 1))));

      assertThat(slow.isDone()).as("the other order is still open").isFalse();
      release.countDown();
      long other = slow.get(10, TimeUnit.SECONDS);
      assertThat(placed.get("ok")).as(placed.toString()).isEqualTo(true);
      assertThat(((Number) placed.get("orderNumber")).longValue()).isEqualTo(other + 1);
    } finally {
      release.countDown();
      pool.shutdown();
    }
    assertThat(orders(call)).isEqualTo(2);
  }

  @Test
  void tokensAreCheckedAgainstTheBusinessAndTheCall() {
    ToolCalls call = restaurantCall();
    ToolCalls other = restaurantCall();

    assertThat(raw(call.tenant().host(), null, call.callId(), "get_menu").error())
        .isEqualTo("401 unauthorized: Missing call token (X-Call-Token)");
    assertThat(raw(call.tenant().host(), "forged-token", call.callId(), "get_menu").status()).isEqualTo(401);
    assertThat(raw(call.tenant().host(), other.token(), other.callId(), "get_menu").error())
        .isEqualTo("401 unauthorized: The call token is not valid for this business and call");
    assertThat(raw(call.tenant().host(), call.token(), other.callId(), "get_menu").status()).isEqualTo(401);
    assertThat(raw("nobody.localhost", call.token(), call.callId(), "get_menu").status()).isEqualTo(404);
    assertThat(raw(call.tenant().host(), call.token(), call.callId(), "book_appointment").error())
        .startsWith("404 not_found: No tool 'book_appointment'");
  }

  @Test
  void businessHoursAreGivenInTheBusinesssTimeZone() {
    ToolCalls call = restaurantCall();

    Answer hours = call.tool("business_hours", Map.of());

    assertThat(hours.get("timeZone")).isEqualTo("America/New_York");
    assertThat(hours.get("say").toString()).contains("Monday 11:00–22:00").contains("(America/New_York time)");
    assertThat(hours.get("openNow")).isInstanceOf(Boolean.class);
  }

  @Test
  void theBusinessSaysHowToReachAPerson() {
    ToolCalls mario = restaurantCall();

    assertThat(mario.tool("business_info", Map.of()).get("say"))
        .isEqualTo("This is Mario's Pizza Palace. You can reach a person at +14155550101.");
  }

  @Test
  void malformedJsonIsA400() {
    ToolCalls call = restaurantCall();

    Answer answer = TestHttp.send(http, HttpRequest.POST("/api/v1/tools/place_order", "{\"items\": [")
        .contentType(MediaType.APPLICATION_JSON).header("Host", call.tenant().host())
        .header("X-Call-Token", call.token()));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(orders(call)).isZero();
  }

  private ToolCalls restaurantCall() {
    return scenarios.call("mario-pizza.yaml");
  }

  private Answer raw(String host, String token, String callId, String name) {
    var request = HttpRequest.POST("/api/v1/tools/" + name, Map.of("callId", callId)).header("Host", host);
    if (token != null) {
      request.header("X-Call-Token", token);
    }
    return TestHttp.send(http, request);
  }

  private long orders(ToolCalls call) {
    return database.inTenant(call.tenant().businessId(), c -> {
      try (ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM orders")) {
        r.next();
        return r.getLong(1);
      }
    });
  }
}
