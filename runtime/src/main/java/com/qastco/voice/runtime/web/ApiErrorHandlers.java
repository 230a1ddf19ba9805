package com.qastco.voice.runtime.web;

import com.qastco.voice.runtime.api.ApiError;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.api.RetryLater;
import com.qastco.voice.runtime.storage.DatabaseException;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import java.util.stream.Collectors;

/** Every refusal in one shape, and never a stack trace. */
final class ApiErrorHandlers {
  private ApiErrorHandlers() {}

  @Produces
  @Singleton
  @Requires(classes = {ApiException.class, ExceptionHandler.class})
  static class Api implements ExceptionHandler<ApiException, HttpResponse<?>> {
    private final Pages pages;

    Api(Pages pages) {
      this.pages = pages;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ApiException e) {
      if (page(request)) { // a person at a page gets a page, saying the same thing
        return pages.render(e.status(), "voice/unavailable.jte", java.util.Map.of("title",
            e.status().getCode() >= 500 ? "Something went wrong" : "That did not work", "message", e.getMessage()));
      }
      var response = HttpResponse.<ApiError>status(e.status()).body(new ApiError(e.code(), e.getMessage()));
      if (e instanceof RetryLater retry) {
        response.header(io.micronaut.http.HttpHeaders.RETRY_AFTER, Integer.toString(retry.seconds()));
      }
      return response;
    }
  }

  /**
   * The database away (a failover, a restart): 503 with Retry-After, which callers and the voice provider treat as
   * "try again", never a 500; nothing was done, or what was done is journalled and answered again on a retry.
   * Anything else the database refused is a fault of ours: logged, and answered without its SQL.
   */
  @Produces
  @Singleton
  @Requires(classes = {DatabaseException.class, ExceptionHandler.class})
  static class Database implements ExceptionHandler<DatabaseException, HttpResponse<?>> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Database.class);
    static final int RETRY_AFTER_SECONDS = 5;
    private final Api api;

    Database(Api api) {
      this.api = api;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, DatabaseException e) {
      if (e.unavailable()) {
        LOG.warn("{} {}: database unavailable ({})", request.getMethod(), request.getPath(), e.getMessage());
        return api.handle(request, new RetryLater("database_unavailable", "The service is briefly unavailable;"
            + " try again in a few seconds", RETRY_AFTER_SECONDS));
      }
      LOG.error("{} {} failed in the database", request.getMethod(), request.getPath(), e);
      return api.handle(request, new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
          "Something went wrong on our side; it has been logged"));
    }
  }

  /** A browser's request for a page or a form post (the API, MCP and event streams answer JSON). */
  static boolean page(HttpRequest<?> request) {
    String path = request.getPath();
    String accept = request.getHeaders().get("Accept");
    return !path.startsWith("/api/") && !path.startsWith("/mcp") && !path.endsWith("/events")
        && !path.endsWith(".json") && accept != null && accept.contains("text/html");
  }

  @Produces
  @Singleton
  @io.micronaut.context.annotation.Replaces(
      io.micronaut.validation.exceptions.ConstraintExceptionHandler.class)
  static class Validation implements ExceptionHandler<ConstraintViolationException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, ConstraintViolationException e) {
      String message = e.getConstraintViolations().stream()
          .map(Validation::describe)
          .sorted()
          .collect(Collectors.joining("; "));
      return HttpResponse.<ApiError>status(HttpStatus.BAD_REQUEST).body(new ApiError("invalid_request", message));
    }

    private static String describe(ConstraintViolation<?> violation) {
      String path = violation.getPropertyPath().toString();
      // "create.request.name" → "name": the client knows its own body, not our method names.
      String field = path.contains(".") ? path.substring(path.indexOf('.', path.indexOf('.') + 1) + 1) : path;
      return field + " " + violation.getMessage();
    }
  }

  @Produces
  @Singleton
  @io.micronaut.context.annotation.Replaces(io.micronaut.http.server.exceptions.ConversionErrorHandler.class)
  static class Conversion implements ExceptionHandler<ConversionErrorException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, ConversionErrorException e) {
      Throwable cause = e.getConversionError().getCause();
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      // The parser names Java types; the client knows the field, so keep only the simple type name.
      String reason = String.valueOf(cause.getMessage()).replaceAll("`(?:[\\w$]+\\.)*([\\w$]+)`", "$1")
          .lines().findFirst().orElse("");
      return HttpResponse.<ApiError>status(HttpStatus.BAD_REQUEST).body(new ApiError("invalid_request",
          "Invalid request body: " + reason));
    }
  }
}
