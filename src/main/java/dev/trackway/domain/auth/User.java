package dev.trackway.domain.auth;

/**
 * A user of MLflow's basic-auth app ({@code users} row). The password hash never leaves the server;
 * it is here for the credential check.
 */
public record User(int id, String username, String passwordHash, boolean isAdmin) {}
