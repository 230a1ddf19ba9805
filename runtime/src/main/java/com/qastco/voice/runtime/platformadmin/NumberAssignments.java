package com.qastco.voice.runtime.platformadmin;

import com.qastco.voice.api.telephony.PhoneNumberAssignments;
import com.qastco.voice.runtime.api.ApiException;
import com.qastco.voice.runtime.tenants.Tenant;
import com.qastco.voice.runtime.tenants.TenantDirectory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.inject.Singleton;
import java.util.HashMap;

/**
 * The platform admin's side of {@link PhoneNumberAssignments}: a number goes to one Business, by its id, and only
 * while no other Business has it. Written with the ConfigMap's resourceVersion, so two admins assigning one number
 * at once cannot both win.
 */
@Singleton
public class NumberAssignments {
  private final KubernetesClient kubernetes;
  private final TenantDirectory directory;

  public NumberAssignments(KubernetesClient kubernetes, TenantDirectory directory) {
    this.kubernetes = kubernetes;
    this.directory = directory;
  }

  public void assign(Tenant tenant, String number) {
    String key = key(number);
    change(data -> {
      String holder = data.get(key);
      if (holder != null && !holder.equals(tenant.businessId().toString())) {
        String name = directory.all().stream().filter(t -> t.businessId().toString().equals(holder))
            .map(Tenant::name).findFirst().orElse("another Business");
        throw ApiException.conflict(number.trim() + " is assigned to " + name + ": release it there first");
      }
      data.put(key, tenant.businessId().toString());
    });
  }

  public void release(Tenant tenant, String number) {
    String key = key(number);
    change(data -> {
      if (!tenant.businessId().toString().equals(data.get(key))) {
        throw ApiException.notFound(number.trim() + " is not assigned to " + tenant.name());
      }
      data.remove(key);
    });
  }

  private static String key(String number) {
    try {
      return PhoneNumberAssignments.keyOf(number);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("A phone number is written in international form,"
          + " such as +14155550123");
    }
  }

  private void change(java.util.function.Consumer<java.util.Map<String, String>> edit) {
    String namespace = kubernetes.getNamespace();
    var resource = kubernetes.configMaps().inNamespace(namespace).withName(PhoneNumberAssignments.CONFIG_MAP);
    ConfigMap current = resource.get();
    ConfigMap next = current == null ? PhoneNumberAssignments.empty(namespace) : current;
    var data = new HashMap<>(next.getData() == null ? java.util.Map.<String, String>of() : next.getData());
    edit.accept(data);
    next.setData(data);
    try {
      if (current == null) {
        kubernetes.resource(next).create();
      } else {
        kubernetes.resource(next).update(); // carries the resourceVersion read above: a concurrent change is a 409
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw ApiException.conflict("The phone numbers changed meanwhile; reload and try again");
      }
      throw e;
    }
  }
}
