/**
 * The response messages of the HTTP API as typed records, one per MLflow response message and named
 * after it ({@code GetRunResponse} is MLflow's {@code GetRun.Response}); {@link
 * dev.trackway.api.response.EmptyResponse} serves every empty one. Resource methods return them, so
 * they are known at build time (registered for reflection in the native image). Field names become
 * snake_case through the global Jackson configuration; unset fields are left out.
 */
package dev.trackway.api.response;
