package com.qastco.voice.runtime.notifications;

import com.qastco.voice.runtime.tenants.Tenant;
import java.util.List;
import java.util.Optional;

/** What the owner of a Business is e-mailed about the Business itself (for now: the welcome when it is Ready). */
public final class OwnerNotices {
  public static final String WELCOME = "business.welcome";

  private OwnerNotices() {}

  public static Optional<Notice> of(Tenant tenant, String to, String event) {
    if (!WELCOME.equals(event)) {
      return Optional.empty();
    }
    String url = tenant.url();
    // Never a key: keys are shown once, in the dashboard, to someone signed in.
    return Optional.of(new Notice("Your voice agent for " + tenant.displayName() + " is ready",
        "Welcome: your voice agent is ready",
        "Callers can talk to the agent of " + tenant.displayName() + " now. Here is where everything is.",
        List.of(new Notice.Row("Voice page", url + "/"),
            new Notice.Row("Dashboard", url + "/admin (sign in with " + to + " and the password you chose)"),
            new Notice.Row("On your website", "<script src=\"" + url + "/widget.js\" async></script> before </body>"),
            new Notice.Row("WordPress", "install the Voice Agent plugin and connect it with the secret key from the"
                + " dashboard's Keys page"),
            new Notice.Row("Catalog", "check your menu, services or ticket categories on the dashboard's Catalog page")),
        url + "/admin", "Open the dashboard",
        "You get this e-mail because " + to + " is the contact address of " + tenant.displayName() + ".",
        "It is sent once, when the voice agent is first ready.", Notice.Brand.of(tenant)));
  }
}
