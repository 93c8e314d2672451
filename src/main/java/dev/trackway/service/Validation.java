package dev.trackway.service;

import dev.trackway.compat.PyJson;
import dev.trackway.compat.PyRepr;
import dev.trackway.error.MlflowException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** MLflow's input validation rules and messages ({@code mlflow/utils/validation.py}). */
public final class Validation {
  public static final int MAX_PARAMS_TAGS_PER_BATCH = 100;
  public static final int MAX_METRICS_PER_BATCH = 1000;
  public static final int MAX_ENTITIES_PER_BATCH = 1000;
  public static final int MAX_PARAM_VAL_LENGTH = 6000;
  public static final int MAX_TAG_VAL_LENGTH = 8000;
  public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;
  public static final int MAX_EXPERIMENT_TAG_KEY_LENGTH = 250;
  public static final int MAX_EXPERIMENT_TAG_VAL_LENGTH = 20000;
  public static final int MAX_ENTITY_KEY_LENGTH = 250;
  public static final int MAX_DATASET_NAME_SIZE = 500;
  public static final int MAX_DATASET_DIGEST_SIZE = 36;
  public static final int MAX_DATASET_SCHEMA_SIZE = 1048575;
  public static final int MAX_DATASET_SOURCE_SIZE = 65535;
  public static final int MAX_DATASET_PROFILE_SIZE = 16777215;
  public static final int MAX_INPUT_TAG_KEY_SIZE = 255;
  public static final int MAX_INPUT_TAG_VALUE_SIZE = 500;
  public static final int SEARCH_MAX_RESULTS_THRESHOLD = 50000;

  private static final Pattern NAME =
      Pattern.compile("^[/\\w.\\- :]*$", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern RUN_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,255}$");

  private Validation() {}

  public static String invalidValue(String path, Object value, String message) {
    return message == null
        ? "Invalid value " + PyJson.value(value) + " for parameter '" + path + "' supplied."
        : "Invalid value "
            + PyJson.value(value)
            + " for parameter '"
            + path
            + "' supplied: "
            + message;
  }

  static String badCharacterMessage() {
    return "Names may only contain alphanumerics, underscores (_), dashes (-), periods (.),"
        + " spaces ( ), colon(:) and slashes (/).";
  }

  /** posixpath.normpath. */
  static String normpath(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    int initialSlashes =
        path.startsWith("/") ? (path.startsWith("//") && !path.startsWith("///") ? 2 : 1) : 0;
    List<String> out = new ArrayList<>();
    for (String comp : path.split("/")) {
      if (comp.isEmpty() || comp.equals(".")) {
        continue;
      }
      if (!comp.equals("..")
          || (initialSlashes == 0 && out.isEmpty())
          || (!out.isEmpty() && out.get(out.size() - 1).equals(".."))) {
        out.add(comp);
      } else if (!out.isEmpty()) {
        out.remove(out.size() - 1);
      }
    }
    String joined = String.join("/", out);
    String prefix = "/".repeat(initialSlashes);
    String result = prefix + joined;
    return result.isEmpty() ? "." : result;
  }

  static boolean pathNotUnique(String name) {
    String norm = normpath(name);
    return !norm.equals(name) || norm.equals(".") || norm.startsWith("..") || norm.startsWith("/");
  }

  static String badPathMessage(String name) {
    return "Names may be treated as files in certain cases, and must not resolve to other names"
        + " when treated as such. This name would resolve to "
        + PyRepr.str(normpath(name));
  }

  private static void checkName(String name, String path) {
    if (!NAME.matcher(name).matches()) {
      throw MlflowException.invalidParameterValue(invalidValue(path, name, badCharacterMessage()));
    }
    if (pathNotUnique(name)) {
      throw MlflowException.invalidParameterValue(invalidValue(path, name, badPathMessage(name)));
    }
  }

  public static void metricName(String name, String path) {
    if (name == null) {
      throw MlflowException.invalidParameterValue(
          invalidValue(path, null, "Metric name cannot be None. A key name must be provided."));
    }
    checkName(name, path);
  }

  public static void paramName(String name, String path) {
    if (name == null) {
      throw MlflowException.invalidParameterValue(
          invalidValue(path, "", "A key name must be provided."));
    }
    checkName(name, path);
  }

  public static void tagName(String name, String path) {
    if (name == null) {
      throw MlflowException.invalidParameterValue(
          "Missing value for required parameter '" + path + "'.");
    }
    checkName(name, path);
  }

  /**
   * Returns the value, or refuses it when over the limit; with {@code truncate} (params and tags
   * while MLFLOW_TRUNCATE_LONG_VALUES is on) an over-long value is cut to the limit instead.
   */
  public static String lengthLimit(String entity, int limit, String value, boolean truncate) {
    if (value == null || value.length() <= limit) {
      return value;
    }
    if (truncate) {
      return value.substring(0, limit);
    }
    throw MlflowException.invalidParameterValue(
        "'%s' exceeds the maximum length of %d characters", entity, limit);
  }

  public static String appendPath(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  public static void metric(String key, Double value, Long timestamp, String path) {
    metricName(key, appendPath(path, "name"));
    if (value == null) {
      throw MlflowException.invalidParameterValue(
          "Missing value for required parameter '" + appendPath(path, "value") + "'.");
    }
    if (timestamp == null || timestamp < 0) {
      throw MlflowException.invalidParameterValue(
          invalidValue(
              appendPath(path, "timestamp"),
              timestamp,
              "metric '"
                  + key
                  + "' (value="
                  + pyFloat(value)
                  + "). Timestamp must be a nonnegative long (64-bit integer) "));
    }
    lengthLimit("Metric name", MAX_ENTITY_KEY_LENGTH, key, false);
  }

  static String pyFloat(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e16 ? String.format("%.1f", v) : Double.toString(v);
  }

  public static String param(String key, String value, String path, boolean truncateLong) {
    paramName(key, appendPath(path, "key"));
    lengthLimit("Param key", MAX_ENTITY_KEY_LENGTH, key, false);
    return lengthLimit("Param value", MAX_PARAM_VAL_LENGTH, value, truncateLong);
  }

  public static String tag(String key, String value, String path, boolean truncateLong) {
    tagName(key, appendPath(path, "key"));
    lengthLimit(appendPath(path, "key"), MAX_ENTITY_KEY_LENGTH, key, false);
    return lengthLimit(appendPath(path, "value"), MAX_TAG_VAL_LENGTH, value, truncateLong);
  }

  public static void experimentTag(String key, String value) {
    tagName(key, "key");
    lengthLimit("key", MAX_EXPERIMENT_TAG_KEY_LENGTH, key, false);
    lengthLimit("value", MAX_EXPERIMENT_TAG_VAL_LENGTH, value, false);
  }

  public static void experimentName(String name) {
    if (name == null || name.isBlank()) {
      throw MlflowException.invalidParameterValue(
          "Invalid experiment name: '%s'", name == null ? "None" : name);
    }
    if (name.length() > MAX_EXPERIMENT_NAME_LENGTH) {
      throw MlflowException.invalidParameterValue(
          "'name' exceeds the maximum length of %d characters", MAX_EXPERIMENT_NAME_LENGTH);
    }
  }

  public static void runId(String runId, String path) {
    if (!RUN_ID.matcher(runId).matches()) {
      throw MlflowException.invalidParameterValue(invalidValue(path, runId, null));
    }
  }

  public static void batchLimit(String entity, int limit, int length) {
    if (length > limit) {
      throw MlflowException.invalidParameterValue(
          "A batch logging request can contain at most %d %s. Got %d %s. Please split up %s across"
              + " multiple requests and try again.",
          limit, entity, length, entity, entity);
    }
  }

  public static void paramKeysUnique(List<String> keys) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> dupes = new ArrayList<>();
    for (String k : keys) {
      if (!seen.add(k)) {
        dupes.add(k);
      }
    }
    if (!dupes.isEmpty()) {
      throw MlflowException.invalidParameterValue(
          "Duplicate parameter keys have been submitted: %s. Please ensure the request contains"
              + " only one param value per param key.",
          PyRepr.list(dupes));
    }
  }

  public static void maxResults(long maxResults) {
    if (maxResults < 1) {
      throw MlflowException.invalidParameterValue(
          "Invalid value %d for parameter 'max_results' supplied. It must be a positive integer",
          maxResults);
    }
    if (maxResults > SEARCH_MAX_RESULTS_THRESHOLD) {
      throw MlflowException.invalidParameterValue(
          "Invalid value %d for parameter 'max_results' supplied. It must be at most %d",
          maxResults, SEARCH_MAX_RESULTS_THRESHOLD);
    }
  }

  public static void dataset(
      String name, String digest, String sourceType, String source, String schema, String profile) {
    notNone(name, "Dataset name");
    notNone(digest, "Dataset digest");
    notNone(sourceType, "Dataset source_type");
    notNone(source, "Dataset source");
    lengthLimit("name", MAX_DATASET_NAME_SIZE, name, false);
    lengthLimit("digest", MAX_DATASET_DIGEST_SIZE, digest, false);
    lengthLimit("source", MAX_DATASET_SOURCE_SIZE, source, false);
    lengthLimit("schema", MAX_DATASET_SCHEMA_SIZE, schema, false);
    lengthLimit("profile", MAX_DATASET_PROFILE_SIZE, profile, false);
  }

  /** MLflow's {@code "<what> cannot be None"} for a required value that is missing. */
  private static void notNone(Object value, String what) {
    if (value == null) {
      throw MlflowException.invalidParameterValue(what + " cannot be None");
    }
  }

  public static void inputTag(String key, String value) {
    notNone(key, "InputTag key");
    notNone(value, "InputTag value");
    lengthLimit("key", MAX_INPUT_TAG_KEY_SIZE, key, false);
    lengthLimit("value", MAX_INPUT_TAG_VALUE_SIZE, value, false);
  }
}
