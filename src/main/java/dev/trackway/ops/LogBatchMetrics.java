package dev.trackway.ops;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Counts the rows that successful {@code runs/log-batch} requests carry, as
 * {@code trackway_log_batch_rows_total{kind="metric"|"param"|"tag"}}. Observed from outside the
 * resource: a request filter marks log-batch requests, a reader interceptor counts the elements of
 * the body's {@code metrics}, {@code params} and {@code tags} arrays with a streaming pass (no tree
 * is built), and a response filter adds them when the request succeeded.
 */
@Provider
@ApplicationScoped
public class LogBatchMetrics implements ReaderInterceptor {
  static final String NAME = "trackway.log_batch.rows";
  private static final String MARK = LogBatchMetrics.class.getName() + ".mark";
  private static final String COUNTS = LogBatchMetrics.class.getName() + ".counts";
  private static final JsonFactory JSON = new JsonFactory();

  private final Counter metrics;
  private final Counter params;
  private final Counter tags;

  @Inject
  public LogBatchMetrics(MeterRegistry registry) {
    metrics = counter(registry, "metric");
    params = counter(registry, "param");
    tags = counter(registry, "tag");
  }

  private static Counter counter(MeterRegistry registry, String kind) {
    return Counter.builder(NAME)
        .description("Rows (metrics, params, tags) written by successful log-batch requests")
        .tag("kind", kind)
        .register(registry);
  }

  @ServerRequestFilter
  public void mark(ContainerRequestContext ctx) {
    if ("POST".equals(ctx.getMethod()) && ctx.getUriInfo().getPath().endsWith("/2.0/mlflow/runs/log-batch")) {
      ctx.setProperty(MARK, Boolean.TRUE);
    }
  }

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext ctx) throws IOException {
    Object body = ctx.proceed();
    if (body instanceof String s && ctx.getProperty(MARK) != null) {
      int[] counts = count(s);
      if (counts != null) {
        ctx.setProperty(COUNTS, counts);
      }
    }
    return body;
  }

  @ServerResponseFilter
  public void record(ContainerRequestContext req, ContainerResponseContext resp) {
    if (resp.getStatus() == 200 && req.getProperty(COUNTS) instanceof int[] c) {
      metrics.increment(c[0]);
      params.increment(c[1]);
      tags.increment(c[2]);
    }
  }

  /** Elements of the top-level metrics, params and tags arrays; null when the body is not JSON. */
  static int[] count(String body) {
    int[] counts = new int[3];
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        int slot =
            switch (field) {
              case "metrics" -> 0;
              case "params" -> 1;
              case "tags" -> 2;
              default -> -1;
            };
        if (slot >= 0 && value == JsonToken.START_ARRAY) {
          JsonToken t;
          while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            counts[slot]++;
            p.skipChildren();
          }
        } else {
          p.skipChildren();
        }
      }
      return counts;
    } catch (IOException e) {
      return null;
    }
  }
}
