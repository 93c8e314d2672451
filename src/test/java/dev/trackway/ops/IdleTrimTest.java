package dev.trackway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trackway.config.NativeExecutable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdleTrimTest {
  static final String EXE = "/opt/trackway/trackway runner";

  static String mapping(String range, String perms, String path, long rss, long anon) {
    return range
        + " "
        + perms
        + " 00010000 fe:00 5489370                            "
        + path
        + "\nSize:              33340 kB\nRss:               "
        + rss
        + " kB\nPss:               "
        + rss
        + " kB\nShared_Clean:          0 kB\nAnonymous:         "
        + anon
        + " kB\nLazyFree:              0 kB\nVmFlags: rd ex mr mw me dw\n";
  }

  @Test
  void onlyResidentReadOnlyPrivateMappingsOfTheExecutableWithoutAnonymousPages() {
    String smaps =
        mapping("00400000-00405000", "r--p", EXE, 20, 0)
            + mapping("00410000-0249f000", "r-xp", EXE, 19148, 0)
            // writable image heap: a write could race the call
            + mapping("7f2b30400000-7f2b31cc3000", "rw-p", EXE, 18944, 2764)
            + mapping("7f2b31cc3000-7f2b33ae0000", "rw-p", EXE, 100, 0)
            // read-only, but copied on write (relocations)
            + mapping("7f2b2e700000-7f2b2e800000", "r--p", EXE, 64, 4)
            + mapping("7f2b2e800000-7f2b30400000", "r--p", EXE, 17203, 0)
            // not resident: nothing to release
            + mapping("7f2b33ae0000-7f2b33b00000", "r--p", EXE, 0, 0)
            // other files, anonymous memory, shared mappings, a replaced executable
            + mapping(
                "7f332e84a000-7f332e9a0000", "r-xp", "/usr/lib/x86_64-linux-gnu/libc.so.6", 1126, 0)
            + mapping("7f2b33b00000-7f2b34500000", "rw-p", "", 9728, 9728)
            + mapping("7f2b34500000-7f2b34600000", "r--s", EXE, 12, 0)
            + mapping("7f2b34600000-7f2b34700000", "r--p", EXE + " (deleted)", 12, 0);
    assertEquals(
        List.of(
            new IdleTrim.Mapping(0x400000L, 0x405000L, 20),
            new IdleTrim.Mapping(0x410000L, 0x249f000L, 19148),
            new IdleTrim.Mapping(0x7f2b2e800000L, 0x7f2b30400000L, 17203)),
        IdleTrim.releasable(smaps, EXE));
  }

  @Test
  void readsThisProcesssOwnSmaps() throws Exception {
    // on the JVM the executable is java: its read-only mappings are found the same way
    String exe = Path.of("/proc/self/exe").toRealPath().toString();
    List<IdleTrim.Mapping> found =
        IdleTrim.releasable(Files.readString(Path.of("/proc/self/smaps")), exe);
    assertFalse(found.isEmpty(), "java's own code is mapped read-only from " + exe);
    for (IdleTrim.Mapping m : found) {
      assertEquals(0, m.start() % 4096);
      assertEquals(0, m.end() % 4096);
    }
  }

  @Test
  void oncePerIdlePeriodAfterTheDelayWithNoRequestRunning() {
    long delay = 2_000;
    IdleTrim t = new IdleTrim();
    t.started(1_000);
    assertFalse(t.due(2_999, delay), "start-up ended less than the delay ago");
    assertTrue(t.due(3_000, delay), "start-up is the first busy period");
    assertFalse(t.due(9_000, delay), "nothing happened since the trim");

    t.requestStarted();
    assertFalse(t.due(20_000, delay), "a request is running");
    t.requestEnded(20_000);
    assertFalse(t.due(21_999, delay));
    t.requestStarted();
    t.requestStarted();
    t.requestEnded(22_000);
    assertFalse(t.due(30_000, delay), "one of two requests is still running");
    t.requestEnded(23_000);
    assertFalse(t.due(24_999, delay), "the delay counts from the last request's end");
    assertTrue(t.due(25_000, delay));
    assertFalse(t.due(25_001, delay));
  }

  @Test
  void theJvmTrimsNothing() {
    assertFalse(NativeExecutable.running());
    // neither the route nor the timer is set up; no config is read
    IdleTrim t = new IdleTrim();
    t.register(null);
    t.start(null);
    t.stop(null);
  }
}
