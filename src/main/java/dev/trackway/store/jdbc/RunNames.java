package dev.trackway.store.jdbc;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Random run names of MLflow's shape, {@code <adjective>-<noun>-<0..999>}. */
final class RunNames {
  private static final List<String> ADJECTIVES =
      List.of(
          "amber", "bold", "brave", "bright", "calm", "clever", "crisp", "daring", "eager", "fancy",
          "gentle", "glad", "golden", "grand", "happy", "honest", "jolly", "keen", "kind", "lively",
          "lucky", "merry", "mighty", "noble", "polite", "proud", "quick", "quiet", "rapid", "rare",
          "shiny", "silent", "smart", "snappy", "steady", "sunny", "swift", "tidy", "vast",
          "witty");
  private static final List<String> NOUNS =
      List.of(
          "badger", "bear", "bison", "crane", "deer", "dolphin", "eagle", "falcon", "ferret",
          "finch", "fox", "gecko", "heron", "ibex", "jay", "koala", "lark", "lemur", "lynx", "mole",
          "moose", "newt", "otter", "owl", "panda", "puffin", "quail", "raven", "robin", "seal",
          "shrike", "sloth", "squid", "stoat", "swan", "tern", "toad", "vole", "wolf", "wren");

  private RunNames() {}

  static String generate() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return ADJECTIVES.get(r.nextInt(ADJECTIVES.size()))
        + "-"
        + NOUNS.get(r.nextInt(NOUNS.size()))
        + "-"
        + r.nextInt(1000);
  }
}
