package dev.trackway.store.jdbc;

import dev.trackway.domain.Dataset;
import dev.trackway.domain.DatasetInput;
import dev.trackway.domain.DatasetSummary;
import dev.trackway.domain.KeyValue;
import dev.trackway.domain.MlflowTags;
import dev.trackway.domain.ModelIo;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.store.TrackingStore;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.KeyedQuery;
import dev.trackway.store.jdbc.sql.Keys;
import dev.trackway.store.jdbc.sql.SqlBuilder;
import dev.trackway.store.jdbc.sql.SqlQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs part of {@link JdbcTrackingStore}, and the run outputs of {@link
 * JdbcLoggedModelStore}. Run inputs and outputs: datasets ({@code datasets}) linked to runs by
 * {@code inputs} rows (DATASET to RUN, with {@code input_tags}), and logged models linked to runs
 * (RUN_INPUT to MODEL_INPUT, RUN_OUTPUT to MODEL_OUTPUT).
 */
interface JdbcInputStore extends TrackingStore, JdbcStorePart {
  String DATASET = "DATASET";
  String RUN = "RUN";
  String RUN_INPUT = "RUN_INPUT";
  String MODEL_INPUT = "MODEL_INPUT";
  String RUN_OUTPUT = "RUN_OUTPUT";
  String MODEL_OUTPUT = "MODEL_OUTPUT";

  String INSERT_INPUT =
      "INSERT INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id,"
          + " step) VALUES (?, ?, ?, ?, ?, ?)";
  String LINKED =
      "SELECT 1 FROM inputs WHERE source_type = ? AND source_id = ? AND destination_type = ? AND"
          + " destination_id = ?";
  KeyedQuery<String> DATASET_INPUTS =
      KeyedQuery.of(
          "SELECT i.destination_id, i.input_uuid, d.name, d.digest, d.dataset_source_type,"
              + " d.dataset_source, d.dataset_schema, d.dataset_profile FROM inputs i JOIN datasets"
              + " d ON d.dataset_uuid = i.source_id WHERE i.source_type = 'DATASET' AND"
              + " i.destination_type = 'RUN' AND {keys}",
          Keys.in("i.destination_id"));
  KeyValueTable<String> INPUT_TAGS =
      KeyValueTable.of("input_tags", "input_uuid", Rows.STRING_1, "name", "value");
  KeyedQuery<String> MODELS =
      KeyedQuery.of(
          "SELECT source_id, destination_id, source_type, step FROM inputs WHERE source_type IN"
              + " ('RUN_INPUT', 'RUN_OUTPUT') AND {keys}",
          Keys.in("source_id"));

  /** The dataset inputs and model inputs and outputs of some runs, by run id. */
  record RunIo(
      Map<String, List<DatasetInput>> datasets,
      Map<String, List<ModelIo>> modelInputs,
      Map<String, List<ModelIo>> modelOutputs) {}

  record InputRow(String runId, String inputUuid, Dataset dataset) {}

  @Override
  default void logInputs(String runId, List<DatasetInput> datasets, List<String> modelIds) {
    write(
        c -> {
          JdbcRunStore.RunRow run = JdbcRunStore.activeRow(c, runId);
          int experimentId = JdbcExperimentStore.parseExperimentId(run.experimentId());
          Map<String, DatasetInput> unique = new LinkedHashMap<>();
          for (DatasetInput di : datasets) {
            unique.putIfAbsent(di.dataset().name() + "\u0000" + di.dataset().digest(), di);
          }
          for (DatasetInput di : unique.values()) {
            String datasetUuid = datasetUuid(c, experimentId, di.dataset());
            String inputUuid = link(c, DATASET, datasetUuid, RUN, runId);
            if (inputUuid != null && di.tags() != null) {
              INPUT_TAGS.insert(c, inputUuid, List.of(), di.tags());
            }
          }
          for (String modelId : modelIds) {
            link(c, RUN_INPUT, runId, MODEL_INPUT, modelId);
          }
          return null;
        });
  }

  /**
   * The dataset of this experiment with this name and digest (compared exactly, whatever the
   * collation), created when there is none.
   */
  private static String datasetUuid(Connection c, int experimentId, Dataset d) throws SQLException {
    String found = null;
    for (String[] row :
        Jdbc.list(
            c,
            SqlQuery.of(
                "SELECT dataset_uuid, name, digest FROM datasets WHERE experiment_id = ? AND name ="
                    + " ? AND digest = ?",
                experimentId,
                d.name(),
                d.digest()),
            rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})) {
      if (d.name().equals(row[1]) && d.digest().equals(row[2])) {
        found = row[0];
      }
    }
    if (found != null) {
      return found;
    }
    String uuid = Rows.newId();
    Jdbc.update(
        c,
        "INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, dataset_source_type,"
            + " dataset_source, dataset_schema, dataset_profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        uuid,
        experimentId,
        d.name(),
        d.digest(),
        d.sourceType(),
        d.source(),
        d.schema(),
        d.profile());
    return uuid;
  }

  /** Links source to destination unless they are linked: the new input's id, or null. */
  private static String link(
      Connection c, String srcType, String srcId, String dstType, String dstId)
      throws SQLException {
    if (Jdbc.exists(c, SqlQuery.of(LINKED, srcType, srcId, dstType, dstId))) {
      return null;
    }
    String inputUuid = Rows.newId();
    Jdbc.update(c, INSERT_INPUT, inputUuid, srcType, srcId, dstType, dstId, 0L);
    return inputUuid;
  }

  /** Records the models as outputs of the (active) run. */
  static void logOutputs(Database db, String runId, List<ModelIo> models) {
    db.write(
        c -> {
          JdbcRunStore.activeRow(c, runId);
          // as MLflow: a model already recorded as an output of the run is an integrity error
          return db.duplicateAs(
              () -> {
                Jdbc.batch(
                    c,
                    INSERT_INPUT,
                    models,
                    m ->
                        new Object[] {
                          Rows.newId(),
                          RUN_OUTPUT,
                          runId,
                          MODEL_OUTPUT,
                          m.modelId(),
                          m.step() == null ? 0L : m.step()
                        });
                return null;
              },
              () ->
                  new MlflowException(
                      ErrorCode.BAD_REQUEST,
                      "(IntegrityError) UNIQUE constraint failed: the model is already an output"
                          + " of run "
                          + runId));
        });
  }

  @Override
  default List<DatasetSummary> searchDatasets(List<String> experimentIds) {
    if (experimentIds.isEmpty()) {
      return List.of();
    }
    SqlQuery q =
        new SqlBuilder()
            .sql(
                "SELECT DISTINCT d.experiment_id, d.name, d.digest, t.value FROM datasets d JOIN"
                    + " inputs i ON i.source_type = 'DATASET' AND i.source_id = d.dataset_uuid"
                    + " LEFT JOIN input_tags t ON t.input_uuid = i.input_uuid AND t.name = ")
            .param(MlflowTags.DATASET_CONTEXT)
            .sql(" WHERE d.experiment_id IN ")
            .paramList(experimentIds.stream().map(JdbcExperimentStore::parseExperimentId).toList())
            .sql(" ORDER BY d.experiment_id, d.name, d.digest")
            .build();
    return read(
        c ->
            Jdbc.list(
                c,
                q,
                rs ->
                    new DatasetSummary(
                        Integer.toString(rs.getInt(1)),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4))));
  }

  /** Inputs and outputs of some runs: three queries per chunk of run ids. */
  static RunIo load(Connection c, List<String> runIds) throws SQLException {
    List<InputRow> rows =
        DATASET_INPUTS.list(
            c,
            runIds,
            rs ->
                new InputRow(
                    rs.getString(1),
                    rs.getString(2),
                    new Dataset(
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8))));
    Map<String, List<KeyValue>> tags =
        rows.isEmpty()
            ? Map.of()
            : INPUT_TAGS.load(c, rows.stream().map(InputRow::inputUuid).distinct().toList());
    Map<String, List<DatasetInput>> datasets = new HashMap<>();
    Map<String, InputRow> byUuid = new LinkedHashMap<>();
    rows.forEach(r -> byUuid.put(r.inputUuid(), r));
    byUuid.forEach(
        (uuid, r) ->
            datasets
                .computeIfAbsent(r.runId(), k -> new ArrayList<>())
                .add(new DatasetInput(tags.get(uuid), r.dataset())));
    Map<String, List<ModelIo>> inputs = new HashMap<>();
    Map<String, List<ModelIo>> outputs = new HashMap<>();
    MODELS.forEach(
        c,
        runIds,
        rs -> {
          boolean input = RUN_INPUT.equals(rs.getString(3));
          (input ? inputs : outputs)
              .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(new ModelIo(rs.getString(2), input ? null : rs.getLong(4)));
        });
    return new RunIo(datasets, inputs, outputs);
  }
}
