package com.qastco.voice.runtime.dashboard;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.web.Browser;
import java.util.HashMap;
import java.util.Map;

/** What the dashboard's browser tests start from: a Business the dashboard may change, and its owner signed in. */
final class OwnerSignIn {
  private OwnerSignIn() {}

  /** A Business made through the portal (not kept in Git), so its settings can be changed in the dashboard. */
  static Registered editable(TenantDirectory directory, String example) {
    Registered tenant = TestTenants.register(directory, example, false);
    TestEnvironment.CLUSTER.client().resources(Business.class).withName(tenant.name()).edit(b -> {
      b.getMetadata().setAnnotations(new HashMap<>(Map.of(Business.MANAGED_BY_ANNOTATION, "portal")));
      return b;
    });
    return tenant;
  }

  /** Makes {@code email} an owner and signs in through the dashboard's form, on the Business's host. */
  static void signIn(Browser browser, Owners owners, TenantDirectory directory, Registered tenant, int port,
                     String email, String password) {
    owners.add(directory.byId(tenant.businessId()).orElseThrow(), email, password);
    browser.open("http://" + tenant.host() + ":" + port + "/admin/login");
    browser.find("#email").sendKeys(email);
    browser.find("#password").sendKeys(password);
    browser.find("form button[type=submit]").click();
    browser.find("nav.tabs");
    browser.consoleErrors();
  }
}
