package dev.trackway.api.response.trace;

import java.util.List;

/**
 * An OpenTelemetry {@code Span} in protobuf's JSON form, as MLflow returns spans: ids base64, kind
 * and status code as enum names, times as numbers.
 */
public record OtelSpan(
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    String kind,
    Long startTimeUnixNano,
    Long endTimeUnixNano,
    List<KeyValue> attributes,
    List<Event> events,
    List<Link> links,
    Status status) {

  /** {@code KeyValue}. */
  public record KeyValue(String key, AnyValue value) {}

  /** {@code AnyValue}: one member set, none for a null value. */
  public record AnyValue(
      String stringValue,
      Boolean boolValue,
      Long intValue,
      Double doubleValue,
      ArrayValue arrayValue,
      KeyValueList kvlistValue,
      String bytesValue) {}

  /** {@code ArrayValue}. */
  public record ArrayValue(List<AnyValue> values) {}

  /** {@code KeyValueList}. */
  public record KeyValueList(List<KeyValue> values) {}

  /** {@code Span.Event}. */
  public record Event(Long timeUnixNano, String name, List<KeyValue> attributes) {}

  /** {@code Span.Link}. */
  public record Link(String traceId, String spanId, List<KeyValue> attributes) {}

  /** {@code Status}. */
  public record Status(String message, String code) {}
}
