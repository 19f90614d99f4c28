'use strict';

const { name } = require('../package.json');

// OpenTelemetry wiring from the standard OTEL_* environment variables
// (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/).
// Tracing starts only when OTEL_EXPORTER_OTLP_ENDPOINT (or the traces
// endpoint) is set and OTEL_SDK_DISABLED is not "true"; the SDK packages are
// optional dependencies, so the service also runs without them.

function telemetryConfig(env = process.env) {
  const endpoint =
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ||
    env.OTEL_EXPORTER_OTLP_ENDPOINT ||
    '';
  return {
    serviceName: env.OTEL_SERVICE_NAME || name,
    endpoint,
    protocol: env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf',
    resourceAttributes: env.OTEL_RESOURCE_ATTRIBUTES || '',
    enabled: env.OTEL_SDK_DISABLED !== 'true' && endpoint !== '',
  };
}

function startTelemetry(env = process.env, log = console) {
  const config = telemetryConfig(env);
  if (!config.enabled) {
    log.info(
      `telemetry: tracing off (set OTEL_EXPORTER_OTLP_ENDPOINT to export traces)`,
    );
    return { config, shutdown: async () => {} };
  }
  try {
    // The SDK reads the OTEL_* variables itself (service name, endpoint,
    // protocol, resource attributes, sampler).
    const { NodeSDK } = require('@opentelemetry/sdk-node');
    const {
      getNodeAutoInstrumentations,
    } = require('@opentelemetry/auto-instrumentations-node');
    const sdk = new NodeSDK({
      instrumentations: [getNodeAutoInstrumentations()],
    });
    sdk.start();
    log.info(
      `telemetry: exporting traces of ${config.serviceName} to ${config.endpoint}`,
    );
    return { config, shutdown: () => sdk.shutdown() };
  } catch (error) {
    log.warn(
      `telemetry: OpenTelemetry SDK not installed, tracing off (${error.message})`,
    );
    return { config, shutdown: async () => {} };
  }
}

module.exports = { telemetryConfig, startTelemetry };
