package com.qastco.voice.runtime;

import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.catalog.CatalogCsv;
import com.qastco.voice.runtime.catalog.CatalogRepository;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.tools.ToolCalls;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import jakarta.inject.Singleton;

/** The starting points tests share: a registered Business, or one with its demo catalog and a call in progress. */
@Singleton
public class TestScenarios {
  private final HttpClient http;
  private final TenantDirectory directory;
  private final CatalogCsv csv;
  private final CatalogRepository catalog;

  public TestScenarios(@Client("/") HttpClient http, TenantDirectory directory, CatalogCsv csv,
                       CatalogRepository catalog) {
    this.http = http;
    this.directory = directory;
    this.csv = csv;
    this.catalog = catalog;
  }

  public Registered business(String example) {
    return TestTenants.register(directory, example, false);
  }

  public ToolCalls call(String example) {
    return ToolCalls.start(http, directory, csv, catalog, example);
  }
}
