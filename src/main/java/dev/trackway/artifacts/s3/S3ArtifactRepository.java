package dev.trackway.artifacts.s3;

import dev.trackway.artifacts.ArtifactPaths;
import dev.trackway.artifacts.ArtifactRepository;
import dev.trackway.artifacts.MimeTypes;
import dev.trackway.domain.ArtifactContent;
import dev.trackway.domain.FileInfo;
import dev.trackway.domain.MultipartUpload;
import dev.trackway.domain.MultipartUploadCredential;
import dev.trackway.domain.MultipartUploadPart;
import dev.trackway.domain.PresignedDownload;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Artifacts under an S3 prefix ({@code s3://bucket/prefix}), with the key layout of MLflow's
 * S3ArtifactRepository ({@code prefix/<relative path>}).
 *
 * <ul>
 *   <li>Writes of known length up to 5 GiB are one streamed {@code PutObject} with that exact
 *       Content-Length; unknown or larger lengths go through an S3 multipart upload with 8 MiB
 *       parts (one part buffered at a time), aborted if anything fails.
 *   <li>Reads stream from {@code GetObject}; listings use the {@code /} delimiter.
 *   <li>MLflow's proxied multipart upload hands out presigned {@code UploadPart} URLs.
 * </ul>
 */
public final class S3ArtifactRepository implements ArtifactRepository {
  static final long MAX_SINGLE_PUT = 5L * 1024 * 1024 * 1024;
  static final int PART_SIZE = 8 * 1024 * 1024;
  static final int MAX_PARTS = 10_000;
  static final Duration PART_URL_TTL = Duration.ofHours(1);

  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;
  private final String prefix; // without leading or trailing slash; "" for the bucket root
  private final int partSize;

  public S3ArtifactRepository(S3Client s3, S3Presigner presigner, String bucket, String prefix) {
    this(s3, presigner, bucket, prefix, PART_SIZE);
  }

  S3ArtifactRepository(
      S3Client s3, S3Presigner presigner, String bucket, String prefix, int partSize) {
    this.s3 = s3;
    this.presigner = presigner;
    this.bucket = bucket;
    this.prefix = ArtifactPaths.normalize(prefix == null ? "" : prefix);
    this.partSize = partSize;
  }

  @Override
  public String uri() {
    return prefix.isEmpty() ? "s3://" + bucket : "s3://" + bucket + "/" + prefix;
  }

  /**
   * A one-key listing of the prefix: proves endpoint, credentials and bucket with no more than the
   * listing permission the repository needs anyway.
   */
  @Override
  public String checkAvailable() {
    s3.listObjectsV2(b -> b.bucket(bucket).prefix(rootWithSlash()).maxKeys(1));
    return "s3 bucket listed";
  }

  public String bucket() {
    return bucket;
  }

  /** The object key of a relative path. */
  String key(String path) {
    return ArtifactPaths.join(prefix, ArtifactPaths.normalize(path));
  }

  private String rootWithSlash() {
    return prefix.isEmpty() ? "" : prefix + "/";
  }

  @Override
  public List<FileInfo> list(String path) {
    String dest = key(path);
    String listPrefix = dest.isEmpty() ? "" : dest + "/";
    String root = rootWithSlash();
    List<FileInfo> out = new ArrayList<>();
    try {
      forEachPage(
          listPrefix,
          "/",
          page -> {
            for (CommonPrefix cp : page.commonPrefixes()) {
              String p = cp.prefix();
              if (!p.startsWith(root)) {
                continue;
              }
              String rel = p.substring(root.length());
              if (rel.endsWith("/")) {
                rel = rel.substring(0, rel.length() - 1);
              }
              out.add(new FileInfo(rel, true, null));
            }
            for (S3Object o : page.contents()) {
              String k = o.key();
              long size = o.size() == null ? 0 : o.size();
              if (!k.startsWith(root) || (size == 0 && k.endsWith("/"))) {
                continue; // directory markers
              }
              out.add(new FileInfo(k.substring(root.length()), false, size));
            }
          });
    } catch (SdkException e) {
      throw failure("list", "Failed to list artifacts in " + uri(), e);
    }
    out.sort((a, b) -> ArtifactPaths.comparePaths(a.path(), b.path()));
    return out;
  }

  @Override
  public ArtifactContent open(String path) {
    String n = ArtifactPaths.normalize(path);
    if (n.isEmpty()) {
      throw ArtifactRepository.isDirectory(n);
    }
    try {
      ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key(n)));
      Long len = in.response().contentLength();
      return ArtifactContent.ofStream(in, len == null ? -1 : len);
    } catch (NoSuchKeyException e) {
      if (!list(n).isEmpty()) {
        throw ArtifactRepository.isDirectory(n);
      }
      throw ArtifactRepository.noSuchArtifact(n);
    } catch (SdkException e) {
      throw readError(n, "download", "Failed to download artifact ", e);
    }
  }

  @Override
  public void write(String path, InputStream in, long length) {
    String n = ArtifactPaths.normalize(path);
    String name = ArtifactPaths.requireFileName(n);
    String key = key(n);
    String contentType = MimeTypes.guess(name);
    try {
      if (length >= 0 && length <= MAX_SINGLE_PUT) {
        s3.putObject(putRequest(key, contentType, length), RequestBody.fromInputStream(in, length));
      } else {
        multipartWrite(key, contentType, in, length);
      }
    } catch (SdkException e) {
      throw failure("upload", "Failed to upload artifact " + n, e);
    } catch (IOException e) {
      throw new MlflowException(ErrorCode.INTERNAL_ERROR, "Artifact upload failed: " + e, e);
    }
  }

  /** Starts an S3 multipart upload of {@code key}: its upload id. */
  private String startMultipartUpload(String key, String contentType) {
    return s3.createMultipartUpload(
            b -> {
              b.bucket(bucket).key(key);
              if (contentType != null) {
                b.contentType(contentType);
              }
            })
        .uploadId();
  }

  private PutObjectRequest putRequest(String key, String contentType, long length) {
    PutObjectRequest.Builder b =
        PutObjectRequest.builder().bucket(bucket).key(key).contentLength(length);
    if (contentType != null) {
      b.contentType(contentType);
    }
    return b.build();
  }

  /** Unknown (or over 5 GiB) length: S3 multipart upload, one part in memory at a time. */
  private void multipartWrite(String key, String contentType, InputStream in, long length)
      throws IOException {
    int size = partSize;
    if (length > 0) {
      size =
          (int)
              Math.max(
                  partSize, Math.min(Integer.MAX_VALUE - 8, (length + MAX_PARTS - 1) / MAX_PARTS));
    }
    byte[] buf = new byte[size];
    int n = readFully(in, buf);
    if (n < buf.length) {
      // everything fits in one part: a plain PUT
      s3.putObject(
          putRequest(key, contentType, n),
          RequestBody.fromInputStream(new ByteArrayInputStream(buf, 0, n), n));
      return;
    }
    String uploadId = startMultipartUpload(key, contentType);
    try {
      List<CompletedPart> parts = new ArrayList<>();
      int partNumber = 1;
      while (n > 0) {
        if (partNumber > MAX_PARTS) {
          throw MlflowException.invalidParameterValue(
              "Artifact too large for an S3 multipart upload");
        }
        final int pn = partNumber;
        String etag =
            s3.uploadPart(
                    UploadPartRequest.builder()
                        .bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .partNumber(pn)
                        .contentLength((long) n)
                        .build(),
                    RequestBody.fromInputStream(new ByteArrayInputStream(buf, 0, n), n))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(pn).eTag(etag).build());
        partNumber++;
        n = readFully(in, buf);
      }
      s3.completeMultipartUpload(
          b ->
              b.bucket(bucket)
                  .key(key)
                  .uploadId(uploadId)
                  .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
    } catch (RuntimeException | IOException e) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      } catch (RuntimeException abortFailure) {
        e.addSuppressed(abortFailure);
      }
      throw e;
    }
  }

  static int readFully(InputStream in, byte[] buf) throws IOException {
    int total = 0;
    while (total < buf.length) {
      int r = in.read(buf, total, buf.length - total);
      if (r < 0) {
        break;
      }
      total += r;
    }
    return total;
  }

  @Override
  public void delete(String path) {
    String dest = key(path);
    String within = dest.isEmpty() ? "" : dest + "/";
    try {
      forEachPage(
          dest,
          null,
          page -> {
            List<ObjectIdentifier> keys = new ArrayList<>();
            for (S3Object o : page.contents()) {
              if (o.key().equals(dest) || o.key().startsWith(within)) {
                keys.add(ObjectIdentifier.builder().key(o.key()).build());
              }
            }
            if (!keys.isEmpty()) {
              deleteKeys(keys);
            }
          });
    } catch (SdkException e) {
      throw failure("delete", "Failed to delete artifacts in " + uri(), e);
    }
  }

  /** Every page of the listing of a prefix (with a delimiter, or none), in order. */
  private void forEachPage(
      String prefix, String delimiter, Consumer<ListObjectsV2Response> eachPage) {
    String token = null;
    do {
      ListObjectsV2Response page =
          s3.listObjectsV2(
              ListObjectsV2Request.builder()
                  .bucket(bucket)
                  .prefix(prefix)
                  .delimiter(delimiter)
                  .continuationToken(token)
                  .build());
      eachPage.accept(page);
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
  }

  /**
   * One DeleteObjects call per page; stores that refuse it (its required checksum header, sent by
   * the SDK as x-amz-checksum-crc32, is unknown to some S3-compatible stores) get one DeleteObject
   * per key instead, from then on.
   */
  private void deleteKeys(List<ObjectIdentifier> keys) {
    if (!batchDeleteRefused) {
      try {
        s3.deleteObjects(
            b -> b.bucket(bucket).delete(Delete.builder().objects(keys).quiet(true).build()));
        return;
      } catch (S3Exception e) {
        if (e.statusCode() != 501 && e.statusCode() != 400) {
          throw e;
        }
        batchDeleteRefused = true;
      }
    }
    for (ObjectIdentifier k : keys) {
      s3.deleteObject(b -> b.bucket(bucket).key(k.key()));
    }
  }

  private volatile boolean batchDeleteRefused;

  @Override
  public boolean supportsMultipartUpload() {
    return true;
  }

  @Override
  public MultipartUpload createMultipartUpload(String path, int numParts) {
    String n = ArtifactPaths.normalize(path);
    String key = key(n);
    String contentType = MimeTypes.guess(ArtifactPaths.basename(n));
    try {
      String uploadId = startMultipartUpload(key, contentType);
      List<MultipartUploadCredential> credentials = new ArrayList<>();
      for (int i = 1; i <= numParts; i++) {
        final int pn = i;
        String url =
            presigner
                .presignUploadPart(
                    r ->
                        r.signatureDuration(PART_URL_TTL)
                            .uploadPartRequest(
                                p -> p.bucket(bucket).key(key).uploadId(uploadId).partNumber(pn)))
                .url()
                .toString();
        credentials.add(new MultipartUploadCredential(url, pn, Map.of()));
      }
      return new MultipartUpload(uploadId, credentials);
    } catch (SdkException e) {
      throw failure("multipart create", "Failed to create a multipart upload for " + n, e);
    }
  }

  @Override
  public void completeMultipartUpload(
      String path, String uploadId, List<MultipartUploadPart> parts) {
    String key = key(path);
    List<CompletedPart> completed = new ArrayList<>();
    for (MultipartUploadPart p : parts) {
      completed.add(CompletedPart.builder().partNumber(p.partNumber()).eTag(p.etag()).build());
    }
    try {
      s3.completeMultipartUpload(
          b ->
              b.bucket(bucket)
                  .key(key)
                  .uploadId(uploadId)
                  .multipartUpload(CompletedMultipartUpload.builder().parts(completed).build()));
    } catch (SdkException e) {
      throw failure("multipart complete", "Failed to complete the multipart upload", e);
    }
  }

  @Override
  public void abortMultipartUpload(String path, String uploadId) {
    String key = key(path);
    try {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
    } catch (SdkException e) {
      throw failure("multipart abort", "Failed to abort the multipart upload", e);
    }
  }

  /** RFC 6266 attachment disposition, as MLflow signs into presigned download URLs. */
  static String attachment(String filename) {
    boolean plain = true;
    for (int i = 0; i < filename.length(); i++) {
      char ch = filename.charAt(i);
      if (ch < 0x20 || ch > 0x7e) {
        plain = false;
        break;
      }
    }
    if (!plain) {
      return "attachment; filename*=UTF-8''"
          + java.net.URLEncoder.encode(filename, java.nio.charset.StandardCharsets.UTF_8)
              .replace("+", "%20")
              .replace("%7E", "~");
    }
    return "attachment; filename=\"" + filename.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String basename(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  @Override
  public PresignedDownload presignDownload(String path, long expirationSeconds) {
    String n = ArtifactPaths.normalize(path);
    String key = key(n);
    try {
      HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
      String url =
          presigner
              .presignGetObject(
                  r ->
                      r.signatureDuration(Duration.ofSeconds(expirationSeconds))
                          .getObjectRequest(
                              g ->
                                  g.bucket(bucket)
                                      .key(key)
                                      .responseContentDisposition(attachment(basename(n)))
                                      .responseContentEncoding("identity")))
              .url()
              .toString();
      return new PresignedDownload(url, Map.of(), head.contentLength());
    } catch (NoSuchKeyException e) {
      throw ArtifactRepository.noSuchArtifact(n);
    } catch (SdkException e) {
      throw readError(n, "presign", "Failed to presign ", e);
    }
  }

  /** A failed read of {@code n}: S3's 404 is a missing artifact. */
  private static MlflowException readError(
      String n, String operation, String failure, SdkException e) {
    if (e instanceof S3Exception s3e && s3e.statusCode() == 404) {
      return ArtifactRepository.noSuchArtifact(n);
    }
    return failure(operation, failure + n, e);
  }

  /** A failed S3 call: S3's answer (its status decides the code), or the SDK's own failure. */
  private static MlflowException failure(String operation, String message, SdkException e) {
    return e instanceof S3Exception s3e ? s3Error(message, s3e) : sdkError(operation, e);
  }

  private static MlflowException s3Error(String what, S3Exception e) {
    ErrorCode code =
        switch (e.statusCode()) {
          case 404 -> ErrorCode.RESOURCE_DOES_NOT_EXIST;
          case 403 -> ErrorCode.PERMISSION_DENIED;
          case 400 -> ErrorCode.INVALID_PARAMETER_VALUE;
          default -> ErrorCode.INTERNAL_ERROR;
        };
    String msg =
        e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
            ? e.awsErrorDetails().errorMessage()
            : e.getMessage();
    return new MlflowException(code, what + ": " + msg, e);
  }

  private static MlflowException sdkError(String what, SdkException e) {
    return new MlflowException(
        ErrorCode.INTERNAL_ERROR, "Artifact " + what + " failed: " + e.getMessage(), e);
  }
}
