package dev.trackway.compat.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.jboss.logging.Logger;

/**
 * Reads the body of an OTLP/HTTP trace export ({@code POST /v1/traces}) the way MLflow's route does
 * ({@code mlflow/server/otel_api.py}): Content-Type {@code application/x-protobuf} or {@code
 * application/json}, optional gzip or deflate Content-Encoding, protobuf binary or OTLP JSON (whose
 * {@code traceId}/{@code spanId}/{@code parentSpanId} are hex, not protobuf JSON's base64), parsed
 * with the OpenTelemetry proto classes. Every refusal is an {@link OtlpRequestException} with
 * MLflow's status and text.
 */
public final class OtlpDecoder {
  private static final Logger LOG = Logger.getLogger(OtlpDecoder.class);
  static final String PROTOBUF = "application/x-protobuf";
  static final String JSON = "application/json";
  private static final String[] HEX_ID_FIELDS = {"traceId", "spanId", "parentSpanId"};
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();

  private OtlpDecoder() {}

  /** The media type of a Content-Type header without parameters, or null when absent. */
  public static String mediaType(String contentType) {
    return contentType == null ? null : contentType.split(";", -1)[0].strip();
  }

  /**
   * Checks the Content-Type: {@code application/x-protobuf} or {@code application/json} (exactly,
   * as MLflow compares them); returns the media type.
   */
  public static String checkContentType(String contentType) {
    String media = mediaType(contentType);
    if (!PROTOBUF.equals(media) && !JSON.equals(media)) {
      throw new OtlpRequestException(
          400,
          "Invalid Content-Type: "
              + (contentType == null ? "None" : contentType)
              + ". Expected: application/x-protobuf or application/json");
    }
    return media;
  }

  public static boolean isJson(String mediaType) {
    return JSON.equals(mediaType);
  }

  /**
   * Decodes a request body: decompression, then JSON or protobuf parsing. Fails when the request
   * has no resource spans at all.
   */
  public static ExportTraceServiceRequest decode(
      String mediaType, String contentEncoding, byte[] body, long maxBytes) {
    byte[] raw = decompress(body, contentEncoding, maxBytes);
    ExportTraceServiceRequest request;
    try {
      if (JSON.equals(mediaType)) {
        // into a DynamicMessage, driven by the descriptor alone (the generated builders' field
        // accessors are found by reflection, which the native executable does not have for
        // them), then read as the generated message like a binary body
        DynamicMessage.Builder b =
            DynamicMessage.newBuilder(ExportTraceServiceRequest.getDescriptor());
        JSON_PARSER.merge(hexIdsToBase64(raw), b);
        raw = b.build().toByteArray();
      }
      CodedInputStream in = CodedInputStream.newInstance(raw);
      in.setRecursionLimit(200);
      request = ExportTraceServiceRequest.parseFrom(in);
    } catch (IOException | RuntimeException e) {
      LOG.debugf(e, "OTLP body refused (%s)", mediaType);
      throw new OtlpRequestException(400, "Invalid OpenTelemetry format");
    }
    if (request.getResourceSpansCount() == 0) {
      throw new OtlpRequestException(400, "Invalid OpenTelemetry format - no spans found");
    }
    return request;
  }

  /** The body decompressed; more than {@code maxBytes} of output is refused with 413. */
  static byte[] decompress(byte[] body, String contentEncoding, long maxBytes) {
    if (contentEncoding == null || contentEncoding.isEmpty()) {
      return body;
    }
    String encoding = contentEncoding.toLowerCase(Locale.ROOT);
    switch (encoding) {
      case "gzip" -> {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
          return readLimited(in, maxBytes);
        } catch (IOException e) {
          throw new OtlpRequestException(400, "Failed to decompress gzip payload");
        }
      }
      case "deflate" -> {
        try {
          return inflate(body, false, maxBytes);
        } catch (DataFormatException e) {
          try {
            return inflate(body, true, maxBytes);
          } catch (DataFormatException e2) {
            throw new OtlpRequestException(400, "Failed to decompress deflate payload");
          }
        }
      }
      default ->
          throw new OtlpRequestException(400, "Unsupported Content-Encoding: " + contentEncoding);
    }
  }

  /** zlib ({@code nowrap} false) or raw deflate; the stream must be complete. */
  private static byte[] inflate(byte[] body, boolean nowrap, long maxBytes)
      throws DataFormatException {
    Inflater inflater = new Inflater(nowrap);
    try {
      inflater.setInput(body);
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length * 4));
      byte[] buf = new byte[65536];
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new DataFormatException("truncated deflate stream");
        }
        out.write(buf, 0, n);
        if (out.size() > maxBytes) {
          throw tooLarge(maxBytes);
        }
      }
      return out.toByteArray();
    } finally {
      inflater.end();
    }
  }

  private static byte[] readLimited(InputStream in, long maxBytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    int n;
    while ((n = in.read(buf)) > 0) {
      out.write(buf, 0, n);
      if (out.size() > maxBytes) {
        throw tooLarge(maxBytes);
      }
    }
    return out.toByteArray();
  }

  private static OtlpRequestException tooLarge(long maxBytes) {
    return new OtlpRequestException(
        413, "Decompressed request body is larger than the limit of " + maxBytes + " bytes");
  }

  /**
   * OTLP JSON spells trace and span ids in hex; protobuf's JSON mapping wants base64. Like MLflow,
   * only the camelCase keys of spans and their links are converted.
   */
  static String hexIdsToBase64(byte[] raw) throws IOException {
    JsonNode root = MAPPER.readTree(raw);
    if (root == null || !root.isObject()) {
      // protobuf's parser reports the error
      return root == null ? "" : root.toString();
    }
    for (JsonNode rs : iter(root.get("resourceSpans"))) {
      for (JsonNode ss : iter(rs.get("scopeSpans"))) {
        for (JsonNode span : iter(ss.get("spans"))) {
          convertIds(span);
          for (JsonNode link : iter(span.get("links"))) {
            convertIds(link);
          }
        }
      }
    }
    return MAPPER.writeValueAsString(root);
  }

  private static void convertIds(JsonNode node) {
    if (!(node instanceof ObjectNode obj)) {
      return;
    }
    for (String field : HEX_ID_FIELDS) {
      JsonNode v = obj.get(field);
      if (v != null && v.isTextual() && !v.textValue().isEmpty()) {
        byte[] bytes = HexFormat.of().parseHex(stripHexSpaces(v.textValue()));
        obj.put(field, Base64.getEncoder().encodeToString(bytes));
      }
    }
  }

  /** Python's bytes.fromhex skips whitespace between byte pairs. */
  private static String stripHexSpaces(String hex) {
    return hex.indexOf(' ') < 0 ? hex : hex.replace(" ", "");
  }

  private static Iterable<JsonNode> iter(JsonNode n) {
    return n != null && n.isArray() ? n : java.util.List.of();
  }
}
