package com.qastco.voice.runtime.platformadmin;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestMail;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.web.Browser;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** With mail on, an owner invitation is e-mailed, and the admin's page does not show the link. */
@MicronautTest
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class OwnerInvitationMailTest implements RuntimeTest {
  private static final String PASSWORD = "platform admin password";
  private static final TestMail.Inbox INBOX = TestMail.inbox();

  @Inject
  EmbeddedServer server;

  @Inject
  TenantDirectory directory;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(TestEnvironment.forBrowser(RuntimeTest.super.getProperties()));
    properties.putAll(INBOX.properties());
    properties.put("voice.admin.email", "ops@platform.example");
    properties.put("voice.admin.password-hash", new BCryptPasswordEncoder(4).encode(PASSWORD));
    return properties;
  }

  @Test
  void theInvitationIsEMailedAndItsLinkMakesTheOwner() {
    Registered clinic = TestTenants.register(directory, "dr-smith.yaml", false);
    String invited = "manager@" + clinic.name() + ".example";
    try (Browser browser = new Browser()) {
      browser.open("http://admin.localhost:" + server.getPort() + "/platform/login");
      browser.find("#email").sendKeys("ops@platform.example");
      browser.find("#password").sendKeys(PASSWORD);
      browser.find("form button[type=submit]").click();
      browser.find("#owner-" + clinic.name()).sendKeys(invited);
      browser.submit("#business-" + clinic.name() + " .invite-owner button");
      assertThat(browser.find("#invitation-sent").getText()).contains("e-mailed to " + invited);
      assertThat(browser.driver().findElements(By.id("invitation-link"))).isEmpty();

      Matcher link = Pattern.compile("(http://\\S+/admin/invitation\\?token=[A-Za-z0-9_-]+)")
          .matcher(INBOX.lastTo(invited));
      assertThat(link.find()).as("the link in the e-mail").isTrue();
      browser.open(link.group(1).replace(clinic.host(), clinic.host() + ":" + server.getPort()));
      assertThat(browser.find("#invited").getText()).isEqualTo(invited);
      browser.find("#password").sendKeys("a long enough password");
      browser.find("#repeat").sendKeys("a long enough password");
      browser.submit("#invitation button");
      assertThat(browser.find("nav.tabs").getText()).contains("Settings");
    }
  }
}
