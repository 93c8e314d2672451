/**
 * MLflow's trace messages as they travel in responses: {@code TraceInfoV3}, {@code Trace} (info and
 * OpenTelemetry spans in protobuf's JSON form), the v2 {@code TraceInfo}, assessments and metric
 * data points. Unset fields are left out (the global Jackson configuration), empty lists and maps
 * are null here for the same reason.
 */
package dev.trackway.api.response.trace;
