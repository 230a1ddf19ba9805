package com.qastco.voice.runtime.notifications;

import com.qastco.voice.runtime.tenants.Tenant;
import java.util.List;
import java.util.Optional;

/**
 * What the owner of a Business is e-mailed about the Business itself: the welcome when it is Ready, a trial about to
 * end, a payment that failed, a plan change, a suspension.
 */
public final class OwnerNotices {
  public static final String WELCOME = "owner.welcome";
  public static final String TRIAL_ENDING = "owner.trial_ending";
  public static final String PAYMENT_FAILED = "owner.payment_failed";
  public static final String PLAN_CHANGED = "owner.plan_changed";
  public static final String SUSPENDED = "owner.suspended";

  private OwnerNotices() {}

  public static Optional<Notice> of(Tenant tenant, String to, String event, com.fasterxml.jackson.databind.JsonNode p) {
    String why = "You get this e-mail because " + to + " is the contact address of " + tenant.displayName() + ".";
    String billing = tenant.url() + "/admin/billing";
    return switch (event) {
      case WELCOME -> welcome(tenant, to);
      case TRIAL_ENDING -> Optional.of(new Notice("Your trial of the voice agent ends on " + p.path("trialEnds").asText(),
          "Your trial ends in a few days", "The trial of " + tenant.displayName() + "'s voice agent ends on "
          + p.path("trialEnds").asText() + ". Add a payment method before then to keep taking calls.", List.of(
              new Notice.Row("Plan", tenant.planName()), new Notice.Row("Trial ends", p.path("trialEnds").asText())),
          billing, "Add a payment method", why, "Billing notices go to the contact address while the Business exists.",
          Notice.Brand.of(tenant)));
      case PAYMENT_FAILED -> Optional.of(new Notice("A payment for " + tenant.displayName() + " failed",
          "A payment failed", "Stripe could not take the payment for invoice " + p.path("number").asText()
          + ". Calls keep being answered for a grace period; after it, new calls are refused until it is paid.",
          List.of(new Notice.Row("Invoice", p.path("number").asText()), new Notice.Row("Amount",
              p.path("amount").asText())), p.path("hostedUrl").isTextual() ? p.path("hostedUrl").asText() : billing,
          "Pay the invoice", why, "Billing notices go to the contact address while the Business exists.",
          Notice.Brand.of(tenant)));
      case PLAN_CHANGED -> Optional.of(new Notice(tenant.displayName() + " is now on the " + p.path("to").asText()
          + " plan", "Your plan changed", "The voice agent of " + tenant.displayName() + " moved from the "
          + p.path("from").asText() + " plan to the " + p.path("to").asText() + " plan. Its limits and price apply"
          + " from now on.", List.of(new Notice.Row("Plan", p.path("to").asText()), new Notice.Row("Before",
              p.path("from").asText())), billing, "See usage and plan", why,
          "Billing notices go to the contact address while the Business exists.", Notice.Brand.of(tenant)));
      case SUSPENDED -> Optional.of(new Notice(tenant.displayName() + "'s voice agent is suspended",
          "Your voice agent is suspended", "The voice agent of " + tenant.displayName() + " takes no calls until it"
          + " is resumed. Your data is kept. If you did not expect this, reply to the platform's operators.",
          List.of(), tenant.url() + "/admin", "Open the dashboard", why,
          "Notices about the Business go to the contact address while it exists.", Notice.Brand.of(tenant)));
      default -> Optional.empty();
    };
  }

  private static Optional<Notice> welcome(Tenant tenant, String to) {
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
