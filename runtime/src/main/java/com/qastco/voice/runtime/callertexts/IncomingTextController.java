package com.qastco.voice.runtime.callertexts;

import com.qastco.voice.runtime.telephony.TwiML;
import com.qastco.voice.runtime.telephony.TwilioWebhook;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Twilio's messaging webhook for every number routed to the platform: a caller's text back. STOP (and Twilio's
 * other opt-out words) stops the Business's texts to that number, START resumes them; Twilio itself answers those
 * two on a long code, so they get an empty reply here. HELP gets the Business's name and what the texts are; any
 * other text is answered that this number is not read.
 */
@Controller("/api/v1/telephony/twilio/sms")
public class IncomingTextController {
  private final TwilioWebhook webhook;
  private final TenantDirectory tenants;
  private final SmsOptOuts optOuts;
  private final MeterRegistry meters;

  public IncomingTextController(TwilioWebhook webhook, TenantDirectory tenants, SmsOptOuts optOuts,
                                MeterRegistry meters) {
    this.webhook = webhook;
    this.tenants = tenants;
    this.optOuts = optOuts;
    this.meters = meters;
  }

  @Operation(summary = "Receive a text to a Business's number, routed by Twilio (signed): STOP, START, HELP")
  @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_XML)
  public HttpResponse<String> text(HttpRequest<Map<String, List<String>>> request,
                                   @Nullable @Header(TwilioWebhook.SIGNATURE) String signature) {
    Map<String, List<String>> params = webhook.verified(request, signature);
    String from = TwilioWebhook.first(params, "From");
    Optional<Tenant> tenant = tenants.byPhoneNumber(TwilioWebhook.first(params, "To"));
    if (tenant.isEmpty() || from == null || from.isBlank()) {
      return TwilioWebhook.xml(TwiML.message(null));
    }
    Keyword keyword = Keyword.of(TwilioWebhook.first(params, "OptOutType"), TwilioWebhook.first(params, "Body"));
    meters.counter("voice.texts.received", "keyword", keyword.name().toLowerCase(java.util.Locale.ROOT))
        .increment();
    String name = tenant.get().displayName();
    return TwilioWebhook.xml(TwiML.message(switch (keyword) {
      case STOP -> {
        optOuts.optOut(tenant.get(), from.strip(), "STOP");
        yield null;
      }
      case START -> {
        optOuts.optIn(tenant.get(), from.strip());
        yield null;
      }
      case HELP -> name + ": this number texts confirmations of orders and appointments made by phone. Reply STOP"
          + " to opt out. To talk to us, call this number.";
      case NONE -> name + ": texts to this number are not read. Please call this number instead. Reply STOP to"
          + " opt out.";
    }));
  }
}
