package dev.trackway.store.jdbc;

import dev.trackway.store.SchemaProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;

/** {@link SchemaProbe} on the active datasource: one query with a statement timeout. */
@ApplicationScoped
public class JdbcSchemaProbe implements SchemaProbe {
  @Inject Database db;

  @Override
  public String schemaRevision(int timeoutSeconds) {
    return db.read(
        c -> {
          try (Statement st = c.createStatement()) {
            st.setQueryTimeout(Math.max(1, timeoutSeconds));
            try (ResultSet rs = st.executeQuery("SELECT version_num FROM alembic_version")) {
              return rs.next() ? rs.getString(1) : "";
            }
          }
        });
  }

  @Override
  public String vendor() {
    return db.vendor().name().toLowerCase(Locale.ROOT);
  }
}
