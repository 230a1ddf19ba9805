package com.qastco.voice.integrations.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.qastco.voice.api.v1alpha1.BusinessType;
import com.qastco.voice.api.v1alpha1.CustomTool;
import com.qastco.voice.api.v1alpha1.ToolParameters;
import com.qastco.voice.api.v1alpha1.Validation;
import com.qastco.voice.integrations.Json;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ToolPack#all()} is the list the runtime binds handlers to: it holds every pack's tools, once each. */
class ToolPackTest {
  @Test
  void allHoldsEveryToolOfEveryTypeOnce() {
    var everyType = Arrays.stream(BusinessType.values()).flatMap(t -> ToolPack.forType(t).stream()).distinct()
        .toList();

    assertThat(ToolPack.all()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(everyType);
    assertThat(ToolPack.all().stream().map(ToolDefinition::name)).doesNotHaveDuplicates();
  }

  @Test
  void theCrdRefusesACustomToolByTheNameOfEveryBuiltInOne() {
    assertThat(Validation.BUILT_IN_TOOLS)
        .containsExactlyInAnyOrderElementsOf(ToolPack.all().stream().map(ToolDefinition::name).toList());
  }

  @Test
  void aCustomToolBecomesAnUltravoxToolWithItsArgumentsAndALongerTimeout() {
    CustomTool stock = new CustomTool("check_stock", "Whether a product is in stock, by its SKU.",
        "https://shop.example/tools/stock", new ToolParameters("object",
            Map.of("sku", Json.MAPPER.valueToTree(Map.of("type", "string", "maxLength", 20))), List.of("sku")), 3);

    ToolDefinition tool = ToolPack.custom(stock);
    Map<String, Object> ultravox = tool.toUltravox("https://pizza.voice.example/api/v1/tools", Map.of());

    assertThat(tool.custom()).isTrue();
    assertThat(tool.inputSchema()).containsEntry("required", List.of("sku")).containsEntry("additionalProperties",
        false);
    assertThat(tool.timeout()).isEqualTo(Duration.ofMillis(4500));
    assertThat(ultravox).containsEntry("timeout", "4.5s").containsEntry("http",
        Map.of("baseUrlPattern", "https://pizza.voice.example/api/v1/tools/check_stock", "httpMethod", "POST"));
    assertThat(ultravox.get("dynamicParameters")).isEqualTo(List.of(Map.of("name", "sku", "location",
        "PARAMETER_LOCATION_BODY", "schema", Map.of("type", "string", "maxLength", 20), "required", true)));
  }
}
