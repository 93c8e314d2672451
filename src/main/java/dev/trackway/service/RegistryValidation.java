package dev.trackway.service;

import dev.trackway.domain.KeyValue;
import dev.trackway.domain.MlflowTags;
import dev.trackway.domain.ModelVersionStage;
import dev.trackway.error.MlflowException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The model registry's input rules, with MLflow's messages ({@code mlflow/utils/validation.py} and
 * the registry handlers): model names, versions (Python's {@code int()}), tags, aliases, stages.
 */
public final class RegistryValidation {
  static final int MAX_TAG_KEY_LENGTH = 250;
  static final int MAX_TAG_VALUE_LENGTH = 100_000;
  static final int MAX_ALIAS_LENGTH = 255;
  private static final Pattern ALIAS =
      Pattern.compile("^[\\w\\-]*$", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern VERSION_ALIAS =
      Pattern.compile("^[vV]\\d+$", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern PY_INT =
      Pattern.compile("[+-]?\\d+(_\\d+)*", Pattern.UNICODE_CHARACTER_CLASS);

  private RegistryValidation() {}

  /** MLflow's {@code _validate_model_name}. */
  public static void validateModelName(String name) {
    if (name == null || name.strip().isEmpty()) {
      throw MlflowException.invalidParameterValue("Missing value for required parameter 'name'.");
    }
    if (name.contains("/") || name.contains(":")) {
      throw MlflowException.invalidParameterValue(
          "Invalid model name '%s'. Names cannot contain '/' or ':'.", name);
    }
    if (Validation.pathNotUnique(name)) {
      throw MlflowException.invalidParameterValue(
          Validation.invalidValue("name", name, Validation.badPathMessage(name)));
    }
  }

  /** MLflow's {@code _validate_model_version}: Python's int(). */
  public static long validateModelVersion(String version) {
    String t = version == null ? "" : version.strip();
    if (PY_INT.matcher(t).matches()) {
      BigInteger big = new BigInteger(t.replace("_", "").replace("+", ""));
      if (big.bitLength() < 64) {
        return big.longValue();
      }
      return big.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    throw MlflowException.invalidParameterValue(
        "Parameter 'version' must be an integer, got '%s'.", version);
  }

  public static void validateRegisteredModelTag(String key, String value) {
    Validation.tagName(key, "key");
    Validation.lengthLimit("key", MAX_TAG_KEY_LENGTH, key, false);
    Validation.lengthLimit("value", MAX_TAG_VALUE_LENGTH, value, false);
  }

  public static void validateModelVersionTag(String key, String value) {
    Validation.tagName(key, "key");
    if (value == null) {
      throw MlflowException.invalidParameterValue("Tag value cannot be None");
    }
    Validation.lengthLimit("key", MAX_TAG_KEY_LENGTH, key, false);
    if (MlflowTags.PROMPT_TEXT.equals(key) && value.length() > MAX_TAG_VALUE_LENGTH) {
      throw MlflowException.invalidParameterValue(
          "Prompt text exceeds max length of %d characters.", MAX_TAG_VALUE_LENGTH);
    }
    Validation.lengthLimit("value", MAX_TAG_VALUE_LENGTH, value, false);
  }

  public static void validateAliasName(String alias) {
    if (alias == null || alias.isEmpty()) {
      throw MlflowException.invalidParameterValue("Registered model alias name cannot be empty.");
    }
    if (!ALIAS.matcher(alias).matches()) {
      throw MlflowException.invalidParameterValue(
          "Invalid alias name: '%s'. Names may only contain alphanumerics, underscores (_), and"
              + " dashes (-).",
          alias);
    }
    Validation.lengthLimit("Registered model alias name", MAX_ALIAS_LENGTH, alias, false);
  }

  public static void validateAliasNotReserved(String alias) {
    if (alias.toLowerCase(Locale.ROOT).equals("latest")) {
      throw MlflowException.invalidParameterValue(
          "'latest' alias name (case insensitive) is reserved.");
    }
    if (VERSION_ALIAS.matcher(alias).matches()) {
      throw MlflowException.invalidParameterValue("Version alias name '%s' is reserved.", alias);
    }
  }

  /** MLflow's {@code get_canonical_stage}. */
  public static String canonicalStage(String stage) {
    ModelVersionStage s = ModelVersionStage.fromName(stage == null ? "" : stage);
    if (s != null) {
      return s.value();
    }
    throw MlflowException.invalidParameterValue(
        "Invalid Model Version stage: %s. Value must be one of None, Staging, Production, Archived.",
        stage);
  }

  /** The handler's prompt test: the last is_prompt tag wins and must be 'true' (any case). */
  public static boolean isPromptRequest(List<KeyValue> tags) {
    String v = "false";
    for (KeyValue t : tags) {
      if (MlflowTags.IS_PROMPT.equals(t.key())) {
        v = t.value() == null ? "" : t.value();
      }
    }
    return v.toLowerCase(Locale.ROOT).equals("true");
  }
}
