package com.qastco.voice.integrations.stripe;

import com.qastco.voice.integrations.ExternalSystemException;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.net.RequestOptions;
import java.time.Duration;

/** What every Stripe call of the platform shares: the client's settings and how failures are told. */
final class StripeCalls {
  private StripeCalls() {}

  static StripeClient client(String apiBase, String apiKey, Duration timeout) {
    StripeClient.StripeClientBuilder builder = StripeClient.builder().setApiKey(apiKey)
        .setConnectTimeout((int) Math.min(timeout.toMillis(), 30_000)).setReadTimeout((int) timeout.toMillis())
        // Retries belong to the caller, which backs off per tenant and keeps the idempotency key.
        .setMaxNetworkRetries(0);
    if (apiBase != null) {
      builder.setApiBase(apiBase);
    }
    return builder.build();
  }

  static RequestOptions idempotent(String key) {
    return RequestOptions.builder().setIdempotencyKey(key).build();
  }

  interface Call<T> {
    T run() throws StripeException;
  }

  /** Runs a call; a failure becomes an {@link ExternalSystemException} whose kind says whether to try again. */
  static <T> T call(Call<T> work) {
    try {
      return work.run();
    } catch (ApiConnectionException e) {
      throw new ExternalSystemException(StripeBilling.SYSTEM, ExternalSystemException.Kind.UNREACHABLE,
          "Stripe cannot be reached: " + e.getMessage(), null, e);
    } catch (StripeException e) {
      int status = e.getStatusCode() == null ? 500 : e.getStatusCode();
      throw new ExternalSystemException(StripeBilling.SYSTEM, ExternalSystemException.kindOf(status),
          "Stripe answered " + status + (e.getCode() == null ? "" : " " + e.getCode()) + ": "
              + (e.getStripeError() == null ? e.getMessage() : e.getStripeError().getMessage()), null, e);
    }
  }
}
