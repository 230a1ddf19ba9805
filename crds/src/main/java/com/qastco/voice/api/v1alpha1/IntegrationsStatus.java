package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the operator created in each external system for this Business: names and ids, never credentials. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntegrationsStatus(RedisStatus redis, ErpnextStatus erpnext, UltravoxStatus ultravox,
                                 StripeStatus stripe) {
  public static final IntegrationsStatus NONE = new IntegrationsStatus(null, null, null, null);

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RedisStatus(
      @JsonPropertyDescription("ACL user limited to the key prefix; its password is in the credentials Secret.")
      String user,
      String keyPrefix) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ErpnextStatus(String company, String abbreviation,
                              @JsonPropertyDescription("Name of the Business Registration document.")
                              String registration) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record UltravoxStatus(String agentId, String agentName) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StripeStatus(String customerId, String subscriptionId, String priceId,
                             @JsonPropertyDescription("Stripe's subscription status: trialing, active, paused…")
                             String subscriptionStatus) {}

  public IntegrationsStatus withRedis(RedisStatus value) {
    return new IntegrationsStatus(value, erpnext, ultravox, stripe);
  }

  public IntegrationsStatus withErpnext(ErpnextStatus value) {
    return new IntegrationsStatus(redis, value, ultravox, stripe);
  }

  public IntegrationsStatus withUltravox(UltravoxStatus value) {
    return new IntegrationsStatus(redis, erpnext, value, stripe);
  }

  public IntegrationsStatus withStripe(StripeStatus value) {
    return new IntegrationsStatus(redis, erpnext, ultravox, value);
  }
}
