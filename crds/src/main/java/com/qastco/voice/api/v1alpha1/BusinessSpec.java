package com.qastco.voice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** What a business asks the platform for. The operator reads it and never writes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
// Rules sit on the record, not its components: a component's annotation lands on both the field and the
// accessor, and the generator would emit each rule twice.
@ValidationRule(value = "self.subdomain == oldSelf.subdomain", fieldPath = ".subdomain",
    message = "subdomain is immutable once set")
@ValidationRule(value = "!(self.subdomain in " + Validation.RESERVED_SUBDOMAINS_CEL + ")", fieldPath = ".subdomain",
    message = "subdomain is reserved by the platform")
// A staff number that is one of the Business's own would ring its own agent: a loop that costs two call legs.
@ValidationRule(value = "!has(self.handover) || !has(self.phoneNumbers)"
    + " || self.handover.staffNumbers.all(n, !(n in self.phoneNumbers))", fieldPath = ".handover.staffNumbers",
    message = "a staff number must not be one of the business's own phoneNumbers")
@ValidationRule(value = "!has(self.tools) || self.tools.all(t, self.tools.exists_one(u, u.name == t.name))",
    fieldPath = ".tools", message = "each tool name may be used once")
@ValidationRule(value = "!has(self.tools) || self.tools.all(t, !(t.name in " + Validation.BUILT_IN_TOOLS_CEL + "))",
    fieldPath = ".tools", message = "a tool name must not be one of the platform's own tools")
public record BusinessSpec(
    @Required @Size(min = 1, max = 100)
    @JsonPropertyDescription("Name callers hear and the pages show.")
    String displayName,

    @Required
    @JsonPropertyDescription("restaurant, appointment, support or custom: decides the agent's tools.")
    BusinessType type,

    @Required Contact contact,

    @Required @Size(min = 3, max = 63)
    @Pattern(Validation.DNS_LABEL)
    @JsonPropertyDescription("DNS label under the platform domain: <subdomain>.<platform-domain>. Immutable.")
    String subdomain,

    @Size(max = 20)
    @JsonPropertyDescription("White-label host names (no scheme, no wildcard); each gets its own certificate.")
    List<@Size(min = 4, max = 253) @Pattern(Validation.HOST_NAME) String> customDomains,

    @Default("starter") Plan plan,
    Billing billing,
    BusinessLocale locale,
    Hours hours,
    Voice voice,

    @Size(max = 20)
    @JsonPropertyDescription("E.164 phone numbers (+14155550123) whose calls this business answers.")
    List<@Size(max = 16) @Pattern(Validation.E164) String> phoneNumbers,

    Widget widget,
    Branding branding,
    Notifications notifications,
    Handover handover,

    @Size(max = 10)
    @JsonPropertyDescription("The business's own HTTP tools, which the agent may call besides its type's tools.")
    List<CustomTool> tools,
    Integrations integrations,

    @Default("false")
    @JsonPropertyDescription("Stop taking calls and show a suspended page; all data is kept.")
    Boolean suspended,

    DataRetention dataRetention) {

  /** A new spec without a say about its records (they are retained). A copy keeps them: see the with* methods. */
  public BusinessSpec(String displayName, BusinessType type, Contact contact, String subdomain,
                      List<String> customDomains, Plan plan, Billing billing, BusinessLocale locale, Hours hours,
                      Voice voice, List<String> phoneNumbers, Widget widget, Branding branding,
                      Notifications notifications, Handover handover, List<CustomTool> tools,
                      Integrations integrations, Boolean suspended) {
    this(displayName, type, contact, subdomain, customDomains, plan, billing, locale, hours, voice, phoneNumbers,
        widget, branding, notifications, handover, tools, integrations, suspended, null);
  }

  // Helpers carry no get/is prefix, so Jackson never takes them for properties.
  public List<String> customDomainsOrEmpty() {
    return customDomains == null ? List.of() : customDomains;
  }

  public BusinessSpec withTools(List<CustomTool> newTools) {
    return new BusinessSpec(displayName, type, contact, subdomain, customDomains, plan, billing, locale, hours, voice,
        phoneNumbers, widget, branding, notifications, handover, newTools.isEmpty() ? null : List.copyOf(newTools),
        integrations, suspended, dataRetention);
  }

  public BusinessSpec withPlan(Plan newPlan) {
    return new BusinessSpec(displayName, type, contact, subdomain, customDomains, newPlan, billing, locale, hours,
        voice, phoneNumbers, widget, branding, notifications, handover, tools, integrations, suspended, dataRetention);
  }

  public BusinessSpec withSuspended(boolean newSuspended) {
    return new BusinessSpec(displayName, type, contact, subdomain, customDomains, plan, billing, locale, hours, voice,
        phoneNumbers, widget, branding, notifications, handover, tools, integrations, newSuspended, dataRetention);
  }

  public BusinessSpec withNotifications(Notifications newNotifications) {
    return new BusinessSpec(displayName, type, contact, subdomain, customDomains, plan, billing, locale, hours, voice,
        phoneNumbers, widget, branding, newNotifications, handover, tools, integrations, suspended, dataRetention);
  }

  public List<CustomTool> toolsOrEmpty() {
    return tools == null ? List.of() : tools;
  }

  public boolean suspendedOrFalse() {
    return Boolean.TRUE.equals(suspended);
  }
}
