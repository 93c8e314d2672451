package dev.trackway.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trackway.api.ArtifactHeaders;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.service.ArtifactService;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The one place that validates artifact paths, and the header helpers. */
class ArtifactPathsTest {

  static List<String> refused() {
    return List.of(
        "..",
        "../x",
        "a/../../x",
        "a/..",
        "/abs",
        "//server/share",
        "/etc/passwd",
        "%2e%2e/x",
        "%2E%2E%2Fx",
        "..%2fx",
        "%252e%252e%252fx",
        "%25252e%25252e%25252fx",
        "a\\b",
        "%5c..%5cx",
        "a#b",
        "a%23b",
        "a\u0000b",
        "a%00b",
        "a\nb",
        "a%0ab",
        "a%7fb",
        "C:/x",
        "C:\\x",
        "c:",
        "c%3a/x",
        "...",
        "....",
        "a/..../b",
        "file:///etc/passwd",
        "FILE:/etc/passwd",
        "file://host/etc/passwd",
        "file:..%2fx",
        "%66ile:///etc/passwd",
        // 11 rounds of encoding: more than MLflow's 10 decoding rounds
        "%25252525252525252525252e");
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refusesWithMlflowsMessage(String path) {
    MlflowException e = assertThrows(MlflowException.class, () -> ArtifactPaths.safeRelative(path));
    assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, e.code());
    assertEquals("Invalid path", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
    "a.txt, a.txt",
    "dir/a.txt, dir/a.txt",
    "./dir//a.txt/, dir/a.txt",
    "'', ''",
    ".., INVALID",
    "a%20b.txt, a b.txt",
    "a%2520b.txt, a b.txt",
    "%2fa, INVALID",
    "a%2fb, a/b",
    "file:a/b, a/b",
    "C:x, C:x",
    "..a/b.., ..a/b..",
    ".hidden, .hidden",
    "é/ü.txt, é/ü.txt",
    "%c3%a9.txt, é.txt",
  })
  void normalizesLikeMlflow(String in, String expected) {
    if (expected.equals("INVALID")) {
      assertThrows(MlflowException.class, () -> ArtifactPaths.safeRelative(in));
    } else {
      assertEquals(expected, ArtifactPaths.safeRelative(in));
    }
  }

  @Test
  void nullMeansNoPath() {
    assertNull(ArtifactPaths.validate(null));
    assertEquals("", ArtifactPaths.safeRelative(null));
  }

  @Test
  void decodingMatchesPythonUnquote() {
    assertEquals("a%zz", ArtifactPaths.percentDecode("a%zz"));
    assertEquals("a%", ArtifactPaths.percentDecode("a%"));
    assertEquals("\uFFFD\uFFFD", ArtifactPaths.percentDecode("%c0%ae"));
    assertEquals("日本", ArtifactPaths.percentDecode("%E6%97%A5%E6%9C%AC"));
  }

  @ParameterizedTest
  @CsvSource({
    "notes.txt, text/plain",
    "MLmodel, text/plain",
    "mlproject, text/plain",
    "MLproject, application/octet-stream",
    "mlmodel, application/octet-stream",
    "conda.yaml, text/plain",
    "input_example.json, text/plain",
    "nb.ipynb, text/plain",
    "model.pkl, application/octet-stream",
    "image.png, image/png",
    "IMAGE.PNG, image/png",
    "photo.jpg, image/jpeg",
    "page.html, text/html",
    "doc.pdf, application/pdf",
    "a.tar.gz, application/x-tar",
    "a.tgz, application/x-tar",
    "a.gz, application/octet-stream",
    "noext, application/octet-stream",
    ".bashrc, application/octet-stream",
    "dir/x.csv, text/plain",
  })
  void mimeTypesAsMlflowGuessesThem(String name, String type) {
    assertEquals(type, MimeTypes.forDownload(name));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "a.txt|attachment; filename=a.txt",
        "my file.txt|attachment; filename=\"my file.txt\"",
        "q\"uote.txt|attachment; filename=\"q\\\"uote.txt\"",
        "résumé.txt|attachment; filename=resume.txt; filename*=UTF-8''r%C3%A9sum%C3%A9.txt",
        "日本語|attachment; filename=download; filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E",
      })
  void contentDispositionAsMlflowWritesIt(String name, String header) {
    assertEquals(header, ArtifactHeaders.contentDisposition(name));
  }

  @ParameterizedTest
  @CsvSource({
    "mlflow-artifacts:/1/abc/artifacts, mlflow-artifacts, 1/abc/artifacts",
    "mlflow-artifacts://host:5000/1/abc/artifacts, mlflow-artifacts, 1/abc/artifacts",
    "mlflow-artifacts:/, mlflow-artifacts, ''",
    "http://h:5000/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts, http, 1/abc/artifacts",
    "https://h/prefix/api/2.0/mlflow-artifacts/artifacts/x, https, x",
  })
  void proxiedRootPaths(String uri, String scheme, String path) {
    assertEquals(path, ArtifactService.proxiedRootPath(uri, scheme));
  }

  @ParameterizedTest
  @CsvSource({
    "big.bin, big.bin",
    "/home/me/data/big.bin, big.bin",
    "C:\\Users\\me\\big.bin, big.bin",
    "C:big.bin, big.bin",
    "dir/sub/, INVALID",
    "a/.., INVALID",
    "x%2f..%2f.., INVALID",
  })
  void multipartFileNames(String field, String expected) {
    if (expected.equals("INVALID")) {
      assertThrows(MlflowException.class, () -> ArtifactService.multipartFileName(field));
    } else {
      assertEquals(expected, ArtifactService.multipartFileName(field));
    }
  }
}
