package dev.trackway.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyReader;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Decodes the body of a POST, PATCH or DELETE request into the resource method's {@link Req}
 * parameter with {@link Req#body}: MLflow's Content-Type rules (which depend on the HTTP method)
 * and MLflow's lenient JSON parsing. Errors go through {@link ExceptionMappers} like any other.
 */
@Provider
@Consumes(MediaType.WILDCARD)
public class ReqReader implements ServerMessageBodyReader<Req> {

  @Override
  public boolean isReadable(
      Class<?> type,
      Type genericType,
      ResteasyReactiveResourceInfo lazyMethod,
      MediaType mediaType) {
    return type == Req.class;
  }

  @Override
  public Req readFrom(
      Class<Req> type, Type genericType, MediaType mediaType, ServerRequestContext context)
      throws IOException {
    String method = ((ResteasyReactiveRequestContext) context).getMethod();
    String contentType = context.getRequestHeaders().getHeaderString("Content-Type");
    // UTF-8 whatever charset the Content-Type names, as RESTEasy Reactive reads a String body
    String body = new String(context.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return Req.body(method, contentType, body);
  }

  @Override
  public boolean isReadable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return type == Req.class;
  }

  /** Not used by RESTEasy Reactive, which calls the server variant above. */
  @Override
  public Req readFrom(
      Class<Req> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, String> httpHeaders,
      InputStream entityStream) {
    throw new UnsupportedOperationException("Req is read through the server reader API");
  }
}
