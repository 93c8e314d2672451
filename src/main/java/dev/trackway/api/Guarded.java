package dev.trackway.api;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Every resource class carries it (LayeringTest checks): access rules that read the request body
 * are decided when the resource method is called with the decoded request, so the check reads
 * exactly what the method acts on ({@link GuardInterceptor}).
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Guarded {}
