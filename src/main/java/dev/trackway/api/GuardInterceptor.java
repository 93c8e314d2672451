package dev.trackway.api;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Runs the {@link RequestGuard} with the method's decoded request ({@link Req}, or a raw JSON body)
 * before it.
 */
@Guarded
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class GuardInterceptor {
  @Inject Instance<RequestGuard> guards;

  @AroundInvoke
  Object check(InvocationContext ic) throws Exception {
    JsonNode body = null;
    for (Object p : ic.getParameters()) {
      if (p instanceof Req r) {
        body = r.raw();
        break;
      }
      if (p instanceof byte[] bytes) {
        body = Req.lenient(bytes);
        break;
      }
    }
    for (RequestGuard g : guards) {
      g.check(body == null ? Req.of(null).raw() : body);
    }
    return ic.proceed();
  }
}
