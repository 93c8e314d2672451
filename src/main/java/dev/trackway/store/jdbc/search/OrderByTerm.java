package dev.trackway.store.jdbc.search;

/** One parsed order_by clause: entity type, key (aliases not yet translated) and direction. */
record OrderByTerm(EntityType type, String key, boolean ascending) {}
