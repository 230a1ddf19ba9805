package com.qastco.voice.operator.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.api.credentials.ApiKey;
import com.qastco.voice.api.credentials.Credentials;
import com.qastco.voice.api.credentials.CredentialsLocation;
import com.qastco.voice.api.v1alpha1.Business;
import com.qastco.voice.api.credentials.ApiKey.KeyType;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CredentialsTest {
  static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  void issuedKeysAreRandomPrefixedAndStoredWithTheirHashes() {
    Credentials credentials = Credentials.issue("b-1", null, NOW);

    assertThat(credentials.secretKey()).startsWith("sk_").hasSize(3 + 43);
    assertThat(credentials.publishableKey()).startsWith("pk_").hasSize(3 + 43);
    assertThat(credentials.keys()).extracting(ApiKey::type).containsExactly(KeyType.secret, KeyType.publishable);
    assertThat(credentials.keys().get(0).sha256()).isEqualTo(ApiKey.sha256(credentials.secretKey()));
    Set<String> keys = new HashSet<>();
    IntStream.range(0, 1000).forEach(i -> keys.add(Credentials.issue("b", null, NOW).secretKey()));
    assertThat(keys).hasSize(1000);
  }

  @Test
  void theSecretRoundTripsAndNeverPrintsAKey() {
    Credentials credentials = Credentials.issue("b-1", "r1", NOW);
    Secret secret = CredentialsSecret.desired(business(), credentials, CredentialsLocation.BESIDE_EACH_BUSINESS);

    assertThat(Credentials.read(secret)).contains(credentials);
    assertThat(credentials.toString()).doesNotContain(credentials.secretKey())
        .doesNotContain(credentials.publishableKey());
  }

  @Test
  void rotationIssuesNewKeysAndRetiresTheCurrentOnesAtTheGivenTime() {
    Credentials first = Credentials.issue("b-1", null, NOW);
    Instant retireAt = NOW.plus(Duration.ofHours(24));

    Credentials rotated = first.rotate("r1", NOW, retireAt);

    assertThat(rotated.secretKey()).isNotEqualTo(first.secretKey());
    assertThat(rotated.rotation()).isEqualTo("r1");
    assertThat(rotated.keys()).hasSize(4);
    assertThat(rotated.keys()).filteredOn(k -> !k.isCurrent()).extracting(ApiKey::expiresAt)
        .containsOnly(retireAt);
    assertThat(rotated.nextExpiry()).contains(retireAt);
    assertThat(rotated.withoutExpired(retireAt.minusSeconds(1)).keys()).hasSize(4);
    assertThat(rotated.withoutExpired(retireAt).keys()).hasSize(2).allMatch(ApiKey::isCurrent);
  }

  @Test
  void aSecretWhoseKeyWasEditedByHandIsNotTrusted() {
    Secret secret = CredentialsSecret.desired(business(), Credentials.issue("b-1", null, NOW),
        CredentialsLocation.BESIDE_EACH_BUSINESS);
    secret.getData().put(Credentials.SECRET_KEY,
        Base64.getEncoder().encodeToString("sk_chosen-by-someone".getBytes(StandardCharsets.UTF_8)));

    assertThat(Credentials.read(secret)).isEmpty();
  }

  @Test
  void aSecretWithMissingPartsIsNotTrusted() {
    Secret secret = CredentialsSecret.desired(business(), Credentials.issue("b-1", null, NOW),
        CredentialsLocation.BESIDE_EACH_BUSINESS);
    secret.getData().remove(Credentials.KEYS);

    assertThat(Credentials.read(secret)).isEmpty();
    assertThat(Credentials.read(null)).isEmpty();
  }

  static Business business() {
    Business business = new Business();
    business.getMetadata().setName("mario-pizza");
    business.getMetadata().setNamespace("voice");
    business.getMetadata().setUid("uid-1");
    return business;
  }
}
