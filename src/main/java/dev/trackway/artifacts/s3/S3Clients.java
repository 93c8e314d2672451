package dev.trackway.artifacts.s3;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Builds the S3 client and presigner the way MLflow configures boto3: endpoint from {@code
 * MLFLOW_S3_ENDPOINT_URL}, credentials from the default AWS chain (environment, system properties,
 * profile, container/instance roles), region from the default chain, then {@code
 * AWS_DEFAULT_REGION} (which boto3 reads and the Java SDK does not), else {@code us-east-1}. With
 * an endpoint override, path-style addressing is used (what S3-compatible stores such as MinIO
 * expect) unless {@code MLFLOW_BOTO_CLIENT_ADDRESSING_STYLE=virtual}. The SDK itself reads {@code
 * AWS_REQUEST_CHECKSUM_CALCULATION} / {@code AWS_RESPONSE_CHECKSUM_VALIDATION} ({@code
 * when_supported} by default, {@code when_required} for stores that reject the newer checksum
 * headers).
 */
public final class S3Clients {
  private final Optional<String> endpoint;
  private final boolean pathStyle;
  private final Region region;
  private final AwsCredentialsProvider credentials;

  public S3Clients(Optional<String> endpointUrl, Optional<String> addressingStyle) {
    this.endpoint = endpointUrl.map(String::trim).filter(s -> !s.isEmpty());
    String style = addressingStyle.map(String::trim).orElse("auto");
    this.pathStyle =
        style.equalsIgnoreCase("path")
            || (endpoint.isPresent() && !style.equalsIgnoreCase("virtual"));
    this.region = region();
    this.credentials = DefaultCredentialsProvider.builder().build();
  }

  /**
   * The signing region: explicit settings first (aws.region, AWS_REGION, AWS_DEFAULT_REGION, as
   * boto3 honours the latter), then the profile file and instance metadata, then us-east-1.
   */
  static Region region() {
    for (String v :
        new String[] {
          System.getProperty("aws.region"),
          System.getenv("AWS_REGION"),
          System.getenv("AWS_DEFAULT_REGION")
        }) {
      if (v != null && !v.isBlank()) {
        return Region.of(v.trim());
      }
    }
    try {
      Region r = new DefaultAwsRegionProviderChain().getRegion();
      if (r != null) {
        return r;
      }
    } catch (SdkClientException e) {
      // fall through
    }
    String env = System.getenv("AWS_DEFAULT_REGION");
    return env == null || env.isBlank() ? Region.US_EAST_1 : Region.of(env.trim());
  }

  public S3Client client() {
    return client(List.of());
  }

  /** The client, with extra interceptors (tests observe the requests through them). */
  S3Client client(List<ExecutionInterceptor> interceptors) {
    S3ClientBuilder b =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .region(region)
            .credentialsProvider(credentials)
            .forcePathStyle(pathStyle)
            .overrideConfiguration(o -> o.executionInterceptors(interceptors));
    endpoint.ifPresent(e -> b.endpointOverride(URI.create(e)));
    return b.build();
  }

  public S3Presigner presigner() {
    S3Presigner.Builder b =
        S3Presigner.builder()
            .region(region)
            .credentialsProvider(credentials)
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
    endpoint.ifPresent(e -> b.endpointOverride(URI.create(e)));
    return b.build();
  }
}
