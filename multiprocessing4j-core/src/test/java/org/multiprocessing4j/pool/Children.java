package org.multiprocessing4j.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.multiprocessing4j.internal.pool.WorkerCache;

/** Test helper: no child JVM may outlive a test. */
final class Children {
    private Children() {}

    /**
     * A process the kernel is tearing down: a zombie, or a SIGKILLed one whose other threads are gone (on this
     * loaded VM, freeing a large heap can take many seconds). It has ended as far as the pool is concerned.
     */
    static boolean exiting(ProcessHandle p) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + p.pid() + "/stat"));
            String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
            if (state.equals("Z") || state.equals("X")) return true;
            String status = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + p.pid() + "/status"));
            boolean killed = status.lines().anyMatch(l -> l.startsWith("SigPnd") && !l.endsWith("0000000000000000"))
                    || status.lines().anyMatch(l -> l.startsWith("ShdPnd") && !l.endsWith("0000000000000000"));
            long threads = status.lines().filter(l -> l.startsWith("Threads:")).map(l -> l.replaceAll("\\D", ""))
                    .mapToLong(Long::parseLong).findFirst().orElse(99);
            return killed || threads <= 1;
        } catch (Exception e) {
            return true; // gone
        }
    }

    static String describe(ProcessHandle p) {
        try {
            String cmd = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/" + p.pid() + "/cmdline"))).replace('\0', ' ');
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + p.pid() + "/stat"));
            StringBuilder tasks = new StringBuilder();
            try (var ds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/" + p.pid() + "/task"))) {
                for (var t : ds.toList()) {
                    String ts = java.nio.file.Files.readString(t.resolve("stat"));
                    String wchan = "";
                    try {
                        wchan = java.nio.file.Files.readString(t.resolve("wchan"));
                    } catch (Exception e) {
                        // not readable
                    }
                    tasks.append("\n   task ").append(ts, 0, Math.min(40, ts.length())).append(" wchan=").append(wchan);
                }
            }
            return cmd.substring(Math.max(0, cmd.length() - 300)) + " | " + stat.substring(0, Math.min(60, stat.length())) + tasks;
        } catch (Exception e) {
            return "? " + e;
        }
    }

    /** Empties the worker cache, then waits (bounded) for every child JVM to end and asserts none is left. */
    static void assertNoneLeft() throws Exception {
        WorkerCache.clear();
        List<ProcessHandle> kids = ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(true)).toList();
        for (ProcessHandle p : kids) {
            try {
                p.onExit().get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                System.err.println("child " + p.pid() + " still there after 15 s: " + describe(p));
                if (!exiting(p)) p.destroyForcibly(); // reported below: the pool should have ended it
                try {
                    p.onExit().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException again) {
                    // reported below unless it is only tearing down
                }
            }
        }
        List<String> left = ProcessHandle.current().children().filter(ProcessHandle::isAlive).filter(p -> !exiting(p))
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(true))
                .map(p -> p.pid() + " " + describe(p)).toList();
        if (!left.isEmpty()) {
            Thread.getAllStackTraces().forEach((t, st) -> {
                if (t.getName().contains("reaper") || t.getName().contains("mp4j")) {
                    System.err.println("THREAD " + t.getName());
                    for (StackTraceElement e : st) System.err.println("    " + e);
                }
            });
        }
        assertEquals(List.of(), left, "child JVMs left behind");
    }
}
