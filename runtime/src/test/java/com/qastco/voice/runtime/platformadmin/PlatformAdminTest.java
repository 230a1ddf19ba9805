package com.qastco.voice.runtime.platformadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.v1alpha1.BusinessSpec;
import com.qastco.voice.runtime.TestEnvironment;
import com.qastco.voice.runtime.TestEnvironment.RuntimeTest;
import com.qastco.voice.runtime.TestTenants;
import com.qastco.voice.runtime.TestTenants.Registered;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import com.qastco.voice.runtime.web.Browser;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** The platform admin in headless Chromium: sign-in, every Business with its state, search, suspend and resume. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformAdminTest implements RuntimeTest {
  private static final String PASSWORD = "platform admin password";

  @Inject
  EmbeddedServer server;

  @Inject
  TenantDirectory directory;

  private Browser browser;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = TestEnvironment.forBrowser(RuntimeTest.super.getProperties());
    properties.put("voice.admin.email", "ops@platform.example");
    properties.put("voice.admin.password-hash", new BCryptPasswordEncoder(4).encode(PASSWORD));
    return properties;
  }

  @AfterAll
  void close() {
    if (browser != null) {
      browser.close();
    }
  }

  private String admin(String path) {
    return "http://admin.localhost:" + server.getPort() + path;
  }

  private void signIn(String password) {
    browser.open(admin("/"));
    browser.find("#email").sendKeys("ops@platform.example");
    browser.find("#password").sendKeys(password);
    browser.find("form button[type=submit]").click();
  }

  @Test
  void theAdminSeesEveryBusinessSearchesAndSuspendsAndResumesOneThatIsNotKeptInGit() {
    Registered portal = TestTenants.register(directory, "mario-pizza.yaml", false);
    var businesses = TestEnvironment.CLUSTER.client().resources(Business.class);
    businesses.withName(portal.name()).edit(b -> {
      b.getMetadata().getAnnotations().put(Business.MANAGED_BY_ANNOTATION, "portal");
      b.setSpec(rename(b.getSpec(), "<img src=x onerror=alert(1)> Pizza"));
      return b;
    });
    Registered git = TestTenants.register(directory, "dr-smith.yaml", false);
    businesses.withName(git.name()).edit(b -> {
      b.getMetadata().setAnnotations(new HashMap<>(Map.of(Business.MANAGED_BY_ANNOTATION, "gitops")));
      return b;
    });
    browser = new Browser();

    signIn("wrong password");
    assertThat(browser.find("p.error").getText()).contains("not the admin's");
    assertThat(browser.consoleErrors()).singleElement().asString().contains("401"); // that refusal, nothing else
    browser.find("#password").sendKeys(PASSWORD);
    browser.find("#email").clear();
    browser.find("#email").sendKeys("ops@platform.example");
    browser.find("form button[type=submit]").click();

    var row = browser.find("#business-" + portal.name());
    assertThat(row.getText()).contains("<img src=x onerror=alert(1)> Pizza", "professional", "Ready", "0 / 500");
    assertThat(browser.find("#business-" + git.name()).getText()).contains("kept in Git");
    browser.screenshot("platform-admin");

    browser.find("#q").sendKeys(portal.name());
    browser.submit("form[role=search] button");
    assertThat(browser.driver().findElements(By.cssSelector("#businesses tr"))).hasSize(1);

    browser.submit("#business-" + portal.name() + " .suspension button");
    await().atMost(Duration.ofSeconds(5)).until(() -> businesses.withName(portal.name()).get().getSpec().suspended());
    assertThat(browser.find("#business-" + portal.name() + " .suspension button").getText()).isEqualTo("Resume");
    browser.submit("#business-" + portal.name() + " .suspension button");
    await().atMost(Duration.ofSeconds(5)).until(() -> !businesses.withName(portal.name()).get().getSpec().suspended());
    assertThat(browser.consoleErrors()).isEmpty();
  }

  /** Numbers are the platform's to give: one Business each, assigned and released here, Git-kept ones included. */
  @Test
  void theAdminAssignsAPhoneNumberToOneBusinessOnlyAndReleasesIt() {
    Registered mario = TestTenants.register(directory, "mario-pizza.yaml", false);
    Registered clinic = TestTenants.register(directory, "dr-smith.yaml", false);
    String number = "+1415" + (1_000_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(8_999_999));
    if (browser != null) {
      browser.close();
    }
    browser = new Browser();
    signIn(PASSWORD);

    browser.find("#number-" + mario.name()).sendKeys(number);
    browser.submit("#business-" + mario.name() + " form[action$='/numbers/assign'] button");
    await().atMost(Duration.ofSeconds(5)).until(() -> directory.byPhoneNumber(number)
        .map(t -> t.businessId().equals(mario.businessId())).orElse(false));
    assertThat(browser.find("#business-" + mario.name()).getText()).contains(number);

    browser.find("#number-" + clinic.name()).sendKeys(number);
    browser.submit("#business-" + clinic.name() + " form[action$='/numbers/assign'] button");
    assertThat(browser.find("main").getText()).contains(number + " is assigned to " + mario.name());
    assertThat(directory.byPhoneNumber(number).orElseThrow().businessId()).isEqualTo(mario.businessId());

    browser.open(admin("/platform"));
    browser.submit("#business-" + mario.name() + " form[action$='/numbers/release'] button");
    await().atMost(Duration.ofSeconds(5)).until(() -> directory.byPhoneNumber(number).isEmpty());
  }

  /** The link as the invited person opens it: on the Business's host (the tests' hosts carry the server's port). */
  private String onHost(Registered tenant, String link) {
    assertThat(link).startsWith("http://" + tenant.host() + "/admin/invitation?token=");
    return link.replace(tenant.host(), tenant.host() + ":" + server.getPort());
  }

  private String invite(Registered tenant, String email) {
    browser.open(admin("/platform"));
    browser.find("#owner-" + tenant.name()).sendKeys(email);
    browser.submit("#business-" + tenant.name() + " .invite-owner button");
    return browser.find("#invitation-link").getAttribute("value");
  }

  /**
   * A Business applied with kubectl has no owner: the admin invites one, who sets a password through a link that
   * works once, for that Business only, and is then signed in to its dashboard.
   */
  @Test
  void theAdminInvitesAnOwnerToABusinessKeptInGitWhoSetsAPasswordThroughALinkThatWorksOnce() {
    Registered clinic = TestTenants.register(directory, "dr-smith.yaml", false); // managed-by: gitops
    Registered other = TestTenants.register(directory, "mario-pizza.yaml", false);
    if (browser != null) {
      browser.close();
    }
    browser = new Browser();
    signIn(PASSWORD);

    browser.find("#owner-" + clinic.name()).sendKeys("not an address");
    browser.script("document.getElementById('owner-" + clinic.name() + "').type = 'text';");
    browser.submit("#business-" + clinic.name() + " .invite-owner button");
    assertThat(browser.find("main").getText()).contains("Give the e-mail address of the person to invite");
    browser.consoleErrors();

    String first = invite(clinic, "Front.Desk@DrSmith.example");
    assertThat(browser.find("main").getText()).contains("front.desk@drsmith.example is invited to",
        "works once, for 7 days");
    browser.screenshot("platform-admin-invitation");
    String link = invite(clinic, "front.desk@drsmith.example"); // a second one ends the first
    assertThat(link).isNotEqualTo(first);

    // Another Business's host does not know the token (row-level security), and the ended one is refused.
    String token = link.substring(link.indexOf("token=") + 6);
    browser.open("http://" + other.host() + ":" + server.getPort() + "/admin/invitation?token=" + token);
    assertThat(browser.find("main").getText()).contains("was used already, replaced by a newer one, or has expired");
    browser.open(onHost(clinic, first));
    assertThat(browser.find("main").getText()).contains("replaced by a newer one");
    browser.consoleErrors();

    browser.open(onHost(clinic, link));
    assertThat(browser.find("#invited").getText()).isEqualTo("front.desk@drsmith.example");
    browser.find("#password").sendKeys("a long enough password");
    browser.find("#repeat").sendKeys("a different password!");
    browser.submit("#invitation button");
    assertThat(browser.find("p.error").getText()).isEqualTo("The two passwords differ");
    browser.consoleErrors();
    browser.find("#password").sendKeys("a long enough password");
    browser.find("#repeat").sendKeys("a long enough password");
    browser.submit("#invitation button");
    assertThat(browser.find("nav.tabs").getText()).contains("Settings"); // signed in to the clinic's dashboard
    assertThat(browser.driver().getCurrentUrl()).doesNotContain("token");

    browser.open(onHost(clinic, link));
    assertThat(browser.find("main").getText()).contains("was used already");
    assertThat(browser.consoleErrors()).singleElement().asString().contains("410");

    // The password works at the dashboard's sign-in; the other Business still has no such owner.
    browser.driver().manage().deleteAllCookies();
    browser.open("http://" + clinic.host() + ":" + server.getPort() + "/admin/login");
    browser.find("#email").sendKeys("front.desk@drsmith.example");
    browser.find("#password").sendKeys("a long enough password");
    browser.find("form button[type=submit]").click();
    browser.find("nav.tabs");
    browser.open("http://" + other.host() + ":" + server.getPort() + "/admin/login");
    browser.find("#email").sendKeys("front.desk@drsmith.example");
    browser.find("#password").sendKeys("a long enough password");
    browser.find("form button[type=submit]").click();
    assertThat(browser.find("p.error").getText()).contains("do not match an owner");
  }

  private static BusinessSpec rename(BusinessSpec s, String name) {
    return new BusinessSpec(name, s.type(), s.contact(), s.subdomain(), s.customDomains(), s.plan(), s.billing(),
        s.locale(), s.hours(), s.voice(), s.phoneNumbers(), s.widget(), s.branding(), s.notifications(), s.handover(), s.tools(),
        s.integrations(), s.suspended());
  }
}
