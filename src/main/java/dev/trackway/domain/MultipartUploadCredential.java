package dev.trackway.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MLflow's {@code MultipartUploadCredential}: the presigned URL of one part and the headers its
 * request must carry. Protobuf omits an empty map: no headers are stored as {@code null}.
 */
public record MultipartUploadCredential(String url, int partNumber, Map<String, String> headers) {
  public MultipartUploadCredential {
    headers =
        headers == null || headers.isEmpty()
            ? null
            : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }
}
