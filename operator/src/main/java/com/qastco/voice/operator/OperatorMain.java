package com.qastco.voice.operator;

import com.qastco.voice.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;

/** The operator's container entry point: configuration from the environment, the cluster from the pod. */
public final class OperatorMain {
  private OperatorMain() {}

  public static void main(String[] args) {
    // Set before any logger exists. The setup is not a plain logback.xml, which would also configure every
    // process that embeds the operator (the local run, the tests).
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "voice-operator-logback.xml");
    }
    VoiceOperator running = VoiceOperator.start(new KubernetesClientBuilder().build(),
        OperatorConfig.fromEnvironment(), Clock.systemUTC(), true);
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "voice-operator-shutdown"));
  }
}
