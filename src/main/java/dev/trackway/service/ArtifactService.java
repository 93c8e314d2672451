package dev.trackway.service;

import dev.trackway.artifacts.ArtifactPaths;
import dev.trackway.artifacts.ArtifactRepository;
import dev.trackway.artifacts.MimeTypes;
import dev.trackway.artifacts.repositories.ArtifactRepositories;
import dev.trackway.config.TrackwayConfig;
import dev.trackway.domain.ArtifactContent;
import dev.trackway.domain.ArtifactDownload;
import dev.trackway.domain.ArtifactListing;
import dev.trackway.domain.FileInfo;
import dev.trackway.domain.MultipartUpload;
import dev.trackway.domain.MultipartUploadPart;
import dev.trackway.domain.PresignedDownload;
import dev.trackway.domain.RunInfo;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The artifact operations of MLflow's server: the proxied artifact service ({@code
 * /mlflow-artifacts/...}, paths relative to {@code --artifacts-destination}) and the run-level
 * reads ({@code artifacts/list}, {@code /get-artifact}) that resolve a run's artifact root. Every
 * request path goes through {@link ArtifactPaths} here, before any repository call.
 */
@ApplicationScoped
public class ArtifactService {
  /** S3's limit on the parts of one multipart upload. */
  static final int MAX_PARTS = 10_000;

  static final String PROXY_ANCHOR = "/api/2.0/mlflow-artifacts/artifacts/";

  @Inject ArtifactRepositories repositories;
  @Inject TrackwayConfig config;
  @Inject TrackingService tracking;
  @Inject LoggedModelService loggedModels;
  @Inject ModelRegistryService registry;

  // ------------------------------------------------------------------ paths

  /**
   * MLflow's {@code validate_path_is_safe} on a request path: the decoded path, checked (null stays
   * null); INVALID_PARAMETER_VALUE "Invalid path" otherwise.
   */
  public static String validatePath(String rawPath) {
    return ArtifactPaths.validate(rawPath);
  }

  /** MLflow's "Invalid path" error, for a request path refused before it is read. */
  public static MlflowException invalidPath() {
    return ArtifactPaths.invalidPath();
  }

  /** A download of a file at a checked, normalized path: its name and MLflow's Content-Type. */
  private static ArtifactDownload download(ArtifactContent content, String path) {
    String name = ArtifactPaths.basename(path);
    return new ArtifactDownload(name, MimeTypes.forDownload(name), content);
  }

  // ------------------------------------------------------------------ proxied artifact service

  /** {@code GET /mlflow-artifacts/artifacts?path=}: the children of path, by basename. */
  public List<FileInfo> listProxied(String rawPath) {
    String path = ArtifactPaths.safeRelative(rawPath);
    List<FileInfo> out = new ArrayList<>();
    for (FileInfo e : repositories.destination().list(path)) {
      out.add(new FileInfo(ArtifactPaths.basename(e.path()), e.isDir(), e.fileSize()));
    }
    return out;
  }

  /** {@code GET /mlflow-artifacts/artifacts/<path>}. */
  public ArtifactDownload downloadProxied(String rawPath) {
    String path = ArtifactPaths.safeRelative(rawPath);
    return download(repositories.destination().open(path), path);
  }

  /** {@code PUT /mlflow-artifacts/artifacts/<path>}. */
  public void uploadProxied(String rawPath, InputStream body, long length) {
    String validated = ArtifactPaths.validate(rawPath);
    ArtifactPaths.requireFileName(validated); // checked before normalizing drops a trailing '/'
    repositories.destination().write(ArtifactPaths.normalize(validated), body, length);
  }

  /** {@code DELETE /mlflow-artifacts/artifacts/<path>}: the root itself is never deleted. */
  public void deleteProxied(String rawPath) {
    String path = ArtifactPaths.safeRelative(rawPath);
    if (path.isEmpty()) {
      throw ArtifactPaths.invalidPath();
    }
    repositories.destination().delete(path);
  }

  /** Checks the artifact path of an mpu route (before the request body, like MLflow). */
  public String mpuDirectory(String rawPath) {
    return ArtifactPaths.safeRelative(rawPath);
  }

  public MultipartUpload createMultipartUpload(String dir, String pathField, long numParts) {
    String file = multipartFileName(pathField);
    if (numParts < 0 || numParts > MAX_PARTS) {
      throw MlflowException.invalidParameterValue(
          "num_parts must be between 0 and %d, got %d", MAX_PARTS, numParts);
    }
    ArtifactRepository repo = multipartRepository();
    return repo.createMultipartUpload(ArtifactPaths.join(dir, file), (int) numParts);
  }

  public void completeMultipartUpload(
      String dir, String pathField, String uploadId, List<MultipartUploadPart> parts) {
    String file = multipartFileName(pathField);
    multipartRepository().completeMultipartUpload(ArtifactPaths.join(dir, file), uploadId, parts);
  }

  public void abortMultipartUpload(String dir, String pathField, String uploadId) {
    String file = multipartFileName(pathField);
    multipartRepository().abortMultipartUpload(ArtifactPaths.join(dir, file), uploadId);
  }

  /**
   * {@code GET /mlflow-artifacts/presigned/<path>}: a URL valid for {@code
   * MLFLOW_PRESIGNED_DOWNLOAD_URL_TTL_SECONDS}.
   */
  public PresignedDownload presignedDownload(String rawPath) {
    String path = ArtifactPaths.safeRelative(rawPath);
    return repositories
        .destination()
        .presignDownload(path, config.presignedDownloadUrlTtlSeconds());
  }

  private ArtifactRepository multipartRepository() {
    ArtifactRepository repo = repositories.destination();
    if (!repo.supportsMultipartUpload()) {
      throw new MlflowException(ErrorCode.NOT_IMPLEMENTED, ArtifactRepository.NO_MULTIPART_UPLOAD);
    }
    return repo;
  }

  /**
   * The file name of a multipart upload's {@code path} field: older clients send their local path,
   * so only its last segment (after / or \, without a drive) is used, as MLflow does.
   */
  public static String multipartFileName(String pathField) {
    String name = ntBasename(pathField);
    if (!name.isEmpty()) {
      name = ntBasename(ArtifactPaths.validate(name));
    }
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw ArtifactPaths.invalidPath();
    }
    return name;
  }

  static String ntBasename(String p) {
    String s = p;
    if (s.length() >= 2 && s.charAt(1) == ':' && Character.isLetter(s.charAt(0))) {
      s = s.substring(2);
    }
    int cut = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
    return cut < 0 ? s : s.substring(cut + 1);
  }

  // ------------------------------------------------------------------ run artifacts

  /** {@code artifacts/list} (ListArtifacts): entries carry run-relative paths. */
  public ArtifactListing listRunArtifacts(String runId, String rawPath) {
    return list(rawPath, () -> runRoot(runId));
  }

  /** ListLoggedModelArtifacts. */
  public ArtifactListing listLoggedModelArtifacts(String modelId, String rawPath) {
    return list(rawPath, () -> loggedModelRoot(modelId));
  }

  /** {@code /get-artifact}: one file of a run. */
  public ArtifactDownload runArtifact(String runId, String rawPath) {
    return read(rawPath, () -> runRoot(runId));
  }

  /** The UI's logged-model file ({@code logged-models/<id>/artifacts/files}). */
  public ArtifactDownload loggedModelArtifact(String modelId, String rawPath) {
    return read(rawPath, () -> loggedModelRoot(modelId));
  }

  /**
   * The UI's {@code /model-versions/get-artifact}: a file under the version's download URI (its
   * logged model's or run's artifacts).
   */
  public ArtifactDownload modelVersionArtifact(String name, String version, String rawPath) {
    return read(rawPath, () -> rootFor(registry.getModelVersionDownloadUri(name, version)));
  }

  /**
   * A file of a trace ({@code traces.json}, attachments) under its artifact location (the trace's
   * {@code mlflow.artifactLocation} tag).
   */
  public ArtifactDownload traceArtifact(String artifactLocation, String rawPath) {
    return read(rawPath, () -> rootFor(artifactLocation));
  }

  /** An artifact root: a repository and the path of the root inside it. */
  record RunRoot(ArtifactRepository repository, String base, String rootUri) {}

  RunRoot loggedModelRoot(String modelId) {
    return rootFor(loggedModels.getLoggedModel(modelId, false).info().artifactUri());
  }

  RunRoot runRoot(String runId) {
    RunInfo info = tracking.getRun(runId).info();
    String uri = info.artifactUri();
    if (uri == null || uri.isEmpty()) {
      throw MlflowException.invalidParameterValue("Run '%s' has no artifact location", runId);
    }
    return rootFor(uri);
  }

  /**
   * The repository of an artifact root URI (a run's, a logged model's, a model version's): a
   * proxied root ({@code mlflow-artifacts:}, or an http(s) artifact-service URL) lies in the
   * destination; {@code runs:/<run_id>/<path>} inside that run's root; anything else ({@code
   * file:}, {@code s3://}, a path) is read directly.
   */
  RunRoot rootFor(String uri) {
    String scheme = ArtifactPaths.scheme(uri);
    if (scheme != null
        && (scheme.equals("mlflow-artifacts") || scheme.equals("http") || scheme.equals("https"))) {
      if (!config.serveArtifacts()) {
        throw MlflowException.invalidParameterValue(
            "The artifacts at %s are proxied, but this server runs with --no-serve-artifacts", uri);
      }
      return new RunRoot(repositories.destination(), proxiedRootPath(uri, scheme), uri);
    }
    if ("runs".equals(scheme)) {
      String rest = uri.substring(5).replaceAll("^/+", "");
      int slash = rest.indexOf('/');
      String runId = slash < 0 ? rest : rest.substring(0, slash);
      String sub = slash < 0 ? "" : rest.substring(slash + 1);
      RunRoot run = runRoot(runId);
      return new RunRoot(run.repository(), ArtifactPaths.join(run.base(), sub), uri);
    }
    return new RunRoot(repositories.forUri(uri), "", uri);
  }

  /**
   * The destination-relative path of a proxied artifact root: the path of {@code
   * mlflow-artifacts:[//host]/<path>}, or what follows {@code /api/2.0/mlflow-artifacts/artifacts/}
   * in an http(s) URL.
   */
  public static String proxiedRootPath(String uri, String scheme) {
    String rest = uri.substring(scheme.length() + 1);
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      rest = slash < 0 ? "" : rest.substring(slash);
    }
    int cut = indexOfAny(rest, '?', '#');
    if (cut >= 0) {
      rest = rest.substring(0, cut);
    }
    if (!scheme.equals("mlflow-artifacts")) {
      int anchor = rest.indexOf(PROXY_ANCHOR);
      if (anchor < 0) {
        throw MlflowException.invalidParameterValue(
            "The artifact root %s is not an MLflow artifact service URL", uri);
      }
      rest = rest.substring(anchor + PROXY_ANCHOR.length());
    }
    return rest.replaceAll("^/+", "");
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }

  /**
   * The entries of a directory under a root, with root-relative paths. The path is checked before
   * the root's owner (run, logged model, model version) is read.
   */
  private static ArtifactListing list(String rawPath, Supplier<RunRoot> owner) {
    String rel = ArtifactPaths.validate(rawPath);
    RunRoot root = owner.get();
    String dest = ArtifactPaths.normalize(ArtifactPaths.join(root.base(), rel == null ? "" : rel));
    List<FileInfo> entries = root.repository().list(dest);
    if (root.base().isEmpty()) {
      return new ArtifactListing(root.rootUri(), entries);
    }
    List<FileInfo> out = new ArrayList<>();
    for (FileInfo e : entries) {
      String name = ArtifactPaths.basename(e.path());
      String runRelative = rel == null || rel.isEmpty() ? name : ArtifactPaths.join(rel, name);
      out.add(new FileInfo(runRelative, e.isDir(), e.fileSize()));
    }
    return new ArtifactListing(root.rootUri(), out);
  }

  /** One file under a root, named after its path; the path is checked before the owner is read. */
  private static ArtifactDownload read(String rawPath, Supplier<RunRoot> owner) {
    String rel = ArtifactPaths.validate(rawPath);
    RunRoot root = owner.get();
    ArtifactContent content =
        root.repository().open(ArtifactPaths.normalize(ArtifactPaths.join(root.base(), rel)));
    return download(content, ArtifactPaths.normalize(rel));
  }
}
