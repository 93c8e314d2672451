package dev.trackway.api;

import dev.trackway.domain.Dataset;
import dev.trackway.domain.DatasetInput;
import dev.trackway.domain.KeyValue;
import dev.trackway.domain.LoggedModelDatasetFilter;
import dev.trackway.domain.LoggedModelOrderBy;
import dev.trackway.domain.Metric;
import dev.trackway.domain.ModelIo;
import dev.trackway.domain.ViewType;
import java.util.ArrayList;
import java.util.List;

/** Request sub-messages decoded from a {@link Req}. */
final class Messages {
  private Messages() {}

  /** Tracking tags: {key, value}, an absent value being the empty string. */
  static List<KeyValue> keyValues(Req req, String field) {
    return req.messages(field, r -> new KeyValue(r.string("key"), r.stringOrEmpty("value")));
  }

  /**
   * Registry and logged-model tags and params: {key, value}, an absent key or value being the empty
   * string (protobuf's default).
   */
  static List<KeyValue> keyValuesOrEmpty(Req req, String field) {
    return req.messages(field, r -> new KeyValue(r.stringOrEmpty("key"), r.stringOrEmpty("value")));
  }

  /** log-batch params and tags: the key is required per element. */
  static List<KeyValue> requiredKeyValues(Req req, String field) {
    List<Req> items = req.messages(field);
    List<KeyValue> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Req r = items.get(i);
      if (r.string("key") == null || r.string("key").isEmpty()) {
        throw Req.missing(field + "[" + i + "].key");
      }
      out.add(new KeyValue(r.string("key"), r.stringOrEmpty("value")));
    }
    return out;
  }

  /** log-metric: key, value and timestamp are required. */
  static Metric metric(Req req, String runId) {
    String key = req.requiredString("key");
    req.require("value");
    Double value = req.dbl("value");
    req.require("timestamp");
    long step = req.int64OrZero("step");
    return new Metric(
        key,
        value,
        req.int64("timestamp"),
        step,
        req.string("dataset_name"),
        req.string("dataset_digest"),
        req.string("model_id"),
        runId);
  }

  /** log-batch metrics: key, value and timestamp are required per element. */
  static List<Metric> metrics(Req req) {
    List<Req> items = req.messages("metrics");
    List<Metric> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Req m = items.get(i);
      String p = "metrics[" + i + "]";
      if (m.string("key") == null || m.string("key").isEmpty()) {
        throw Req.missing(p + ".key");
      }
      if (!m.has("value") || "".equals(m.field("value").asText(null))) {
        throw Req.missing(p + ".value");
      }
      if (!m.has("timestamp")) {
        throw Req.missing(p + ".timestamp");
      }
      long step = m.int64OrZero("step");
      out.add(
          new Metric(
              m.string("key"),
              m.dbl("value"),
              m.int64("timestamp"),
              step,
              m.string("dataset_name"),
              m.string("dataset_digest"),
              m.string("model_id"),
              m.string("run_id")));
    }
    return out;
  }

  /** log-inputs datasets: each a dataset and its tags. */
  static List<DatasetInput> datasetInputs(Req req) {
    return req.messages("datasets", Messages::datasetInput);
  }

  private static DatasetInput datasetInput(Req di) {
    Req d = di.message("dataset");
    Dataset dataset =
        d == null
            ? null
            : new Dataset(
                d.string("name"),
                d.string("digest"),
                d.string("source_type"),
                d.string("source"),
                d.string("schema"),
                d.string("profile"));
    List<KeyValue> tags =
        di.messages("tags", t -> new KeyValue(t.string("key"), t.string("value")));
    return new DatasetInput(tags, dataset);
  }

  /** log-inputs models: the model id is required per element. */
  static List<String> modelInputs(Req req) {
    return req.messages("models", m -> m.requiredString("model_id"));
  }

  /** log-outputs models: model id and step, "" and 0 when absent. */
  static List<ModelIo> modelOutputs(Req req) {
    return req.messages(
        "models", m -> new ModelIo(m.stringOrEmpty("model_id"), m.int64OrZero("step")));
  }

  /** search-logged-models datasets: name and digest (an empty digest matches any). */
  static List<LoggedModelDatasetFilter> datasetFilters(Req req) {
    return req.messages(
        "datasets",
        d -> {
          String digest = d.nonEmptyString("dataset_digest");
          return new LoggedModelDatasetFilter(d.string("dataset_name"), digest);
        });
  }

  /** search-logged-models order_by: field, direction (ascending unless false), dataset. */
  static List<LoggedModelOrderBy> loggedModelOrderBy(Req req) {
    return req.messages(
        "order_by",
        o -> {
          Boolean asc = o.bool("ascending");
          String name = o.nonEmptyString("dataset_name");
          String digest = o.nonEmptyString("dataset_digest");
          return new LoggedModelOrderBy(
              o.stringOrEmpty("field_name"), asc == null || asc, name, digest);
        });
  }

  /** A view type by name or number; like MLflow's server, an unknown value means ACTIVE_ONLY. */
  static ViewType viewType(Req req, String field) {
    var v = req.field(field);
    try {
      return ViewType.parse(v == null || v.isNull() ? null : v.asText());
    } catch (RuntimeException e) {
      return ViewType.ACTIVE_ONLY;
    }
  }
}
