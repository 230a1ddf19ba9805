package com.qastco.voice.runtime.status;

import com.qastco.voice.runtime.web.Pages;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.util.Map;

/** The page at {@code status.<domain>}: each part of the platform and its state; nothing of any Business. */
@Singleton
public class StatusPage {
  private final PlatformStatus status;
  private final Pages pages;

  public StatusPage(PlatformStatus status, Pages pages) {
    this.status = status;
    this.pages = pages;
  }

  public HttpResponse<?> render() {
    return pages.render(HttpStatus.OK, "status/page.jte", Map.of("components", status.components(),
        "overall", status.overall()));
  }
}
