package dev.trackway.api;

import dev.trackway.domain.Dataset;
import dev.trackway.domain.DatasetInput;
import dev.trackway.domain.KeyValue;
import dev.trackway.domain.Metric;
import dev.trackway.domain.ViewType;
import java.util.ArrayList;
import java.util.List;

/** Request sub-messages decoded from a {@link Req}. */
final class Messages {
  private Messages() {}

  static List<KeyValue> keyValues(Req req, String field) {
    List<KeyValue> out = new ArrayList<>();
    for (Req r : req.messages(field)) {
      out.add(new KeyValue(r.string("key"), r.string("value") == null ? "" : r.string("value")));
    }
    return out;
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
      Long step = m.int64("step");
      out.add(
          new Metric(
              m.string("key"),
              m.dbl("value"),
              m.int64("timestamp"),
              step == null ? 0L : step,
              m.string("dataset_name"),
              m.string("dataset_digest"),
              m.string("model_id"),
              m.string("run_id")));
    }
    return out;
  }

  static List<KeyValue> requiredKeyValues(Req req, String field) {
    List<Req> items = req.messages(field);
    List<KeyValue> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Req r = items.get(i);
      if (r.string("key") == null || r.string("key").isEmpty()) {
        throw Req.missing(field + "[" + i + "].key");
      }
      out.add(new KeyValue(r.string("key"), r.string("value") == null ? "" : r.string("value")));
    }
    return out;
  }

  static List<DatasetInput> datasetInputs(Req req) {
    List<DatasetInput> out = new ArrayList<>();
    for (Req di : req.messages("datasets")) {
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
      List<KeyValue> tags = new ArrayList<>();
      for (Req t : di.messages("tags")) {
        tags.add(new KeyValue(t.string("key"), t.string("value")));
      }
      out.add(new DatasetInput(tags, dataset));
    }
    return out;
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
