package org.multiprocessing4j.hazelcast;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.hazelcast.internal.Jars;
import org.multiprocessing4j.hazelcast.internal.Msg;
import org.multiprocessing4j.hazelcast.internal.Secrets;

/** The pieces that need no cluster: argument parsing, secrets, class directory packing, message reading. */
@Timeout(30)
class ClusterUnitTest {
    @Test
    void membersGetPortsBelowTheEphemeralRange() throws IOException {
        int low = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+")[0]);
        for (int k = 0; k < 20; k++) {
            int port = LocalCluster.freePort();
            assertTrue(port >= 1024 && port < low, "outgoing connections never take it: " + port + " (range from " + low + ")");
            try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                assertEquals(port, s.getLocalPort(), "free");
            }
        }
    }

    @Test
    void aLocalClusterDeletesMemberLogsAWeekOld(@TempDir Path dir) throws IOException {
        Path old = dir.resolve("mp4j-local-1-0a1b2c3d-m0.log"), recent = dir.resolve("mp4j-local-2-bbbbbbbb-m1.log");
        Path other = dir.resolve("notes.txt"), usersLog = dir.resolve("build.log");
        for (Path p : List.of(old, recent, other, usersLog)) {
            Files.writeString(p, "x");
            Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() - Duration.ofDays(8).toMillis()));
        }
        Files.setLastModifiedTime(recent, FileTime.fromMillis(System.currentTimeMillis() - Duration.ofDays(6).toMillis()));
        LocalCluster.deleteOldLogs(dir);
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(recent), "younger than a week");
        assertTrue(Files.exists(other), "not a log");
        assertTrue(Files.exists(usersLog), "not a member's log: the directory may be the user's");
    }

    @Test
    void memberArgumentsAreParsedAndBadOnesExplained(@TempDir Path tmp) throws Exception {
        Path secret = tmp.resolve("secret");
        Files.writeString(secret, "a-secret-of-at-least-16-bytes\n");
        MemberConfig c = MemberMain.parse(new String[] {"--cluster-name", "demo", "--port", "5801", "--bind", "127.0.0.1",
                "--members", "127.0.0.1:5801, 127.0.0.1:5802", "--workers", "3", "--cache-limit-mb", "64",
                "--secret-file", secret.toString()});
        assertEquals("127.0.0.1:5801", c.name());
        assertEquals(List.of("127.0.0.1:5801", "127.0.0.1:5802"), c.members);
        assertEquals(3, c.workers);
        assertEquals(64L << 20, c.cacheLimit);
        assertEquals(MemberConfig.DEFAULT_CACHE_LIMIT, MemberMain.parse(new String[] {"--cluster-name", "d",
                "--secret-file", secret.toString()}).cacheLimit);
        assertEquals("a-secret-of-at-least-16-bytes", new String(c.secret), "a trailing newline is not part of it");
        String[][] bad = {
            {"--port", "5801", "--secret-file", secret.toString()},
            {"--cluster-name", "x", "--secret", "visible-to-everyone-on-this-machine"},
            {"--cluster-name", "x", "--port", "many", "--secret-file", secret.toString()},
            {"--cluster-name", "x", "--frobnicate", "1", "--secret-file", secret.toString()},
            {"--cluster-name"},
            {"--cluster-name", "x", "--cache-limit-mb", "0", "--secret-file", secret.toString()},
        };
        String[] why = {"--cluster-name is required", "--secret is not accepted", "--port needs a number", "unknown option",
                "needs a value", "cacheLimit must be at least 1 MiB"};
        for (int i = 0; i < bad.length; i++) {
            String[] args = bad[i];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemberMain.parse(args));
            assertTrue(e.getMessage().contains(why[i]), e.getMessage());
        }
    }

    @Test
    void aShortSecretIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Secrets.of("short".getBytes()));
        assertTrue(e.getMessage().contains("at least 16 bytes"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> ClusterConfig.builder().build(), "no secret");
    }

    @Test
    void configurationChecksExplainWhatIsWrong() {
        ClusterConfig.Builder c = ClusterConfig.builder();
        MemberConfig.Builder m = MemberConfig.builder();
        java.util.function.BiConsumer<String, org.junit.jupiter.api.function.Executable> refused =
                (why, call) -> assertEquals(why, assertThrows(IllegalArgumentException.class, call).getMessage());
        refused.accept("the cluster name must not be blank", () -> c.clusterName(" "));
        refused.accept("the cluster name must not be blank", () -> m.clusterName(null));
        refused.accept("memberTimeout must be positive", () -> c.memberTimeout(Duration.ZERO));
        refused.accept("memberTimeout must be at least 2 s (members report every second)", () -> c.memberTimeout(Duration.ofMillis(1999)));
        refused.accept("holderTimeout must be positive", () -> c.holderTimeout(null));
        refused.accept("holderTimeout must be at least 3 s", () -> c.holderTimeout(Duration.ofSeconds(2)));
        refused.accept("failureDetection must be at least 2 s", () -> m.failureDetection(Duration.ofSeconds(-5)));
        refused.accept("clientTimeout must be at least 2 s", () -> m.clientTimeout(Duration.ofMillis(1500)));
        c.memberTimeout(Duration.ofSeconds(2)).holderTimeout(Duration.ofSeconds(3)).clusterName("ok");
        m.failureDetection(Duration.ofSeconds(2)).clientTimeout(Duration.ofSeconds(2)).clusterName("ok");
    }

    @Test
    void aSecretFileIsReadStripped(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("secret");
        Files.writeString(f, "  a secret with inner spaces \u00e9\r\n\n");
        assertArrayEquals("a secret with inner spaces \u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                ClusterConfig.readSecret(f));
    }

    @Test
    void queueMacsDependOnTheKeyAndTheQueue() {
        Secrets s = Secrets.of("0123456789abcdef0123".getBytes()), t = Secrets.of("0123456789abcdef0124".getBytes());
        byte[] data = {1, 2, 3};
        assertArrayEquals(s.queueMac("q", data, 0, 3), s.queueMac("q", data, 0, 3));
        assertFalse(java.util.Arrays.equals(s.queueMac("q", data, 0, 3), t.queueMac("q", data, 0, 3)));
        assertFalse(java.util.Arrays.equals(s.queueMac("q", data, 0, 3), s.queueMac("r", data, 0, 3)));
    }

    @Test
    void aClassDirectoryPacksToTheSameBytesWhateverItsTimes(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("classes/a/b"));
        Files.writeString(dir.resolve("X.class"), "x");
        Files.writeString(tmp.resolve("classes/r.txt"), "resource");
        Path one = tmp.resolve("one.jar"), two = tmp.resolve("two.jar");
        Jars.pack(tmp.resolve("classes"), one);
        String stamp = Jars.stamp(tmp.resolve("classes"));
        Files.setLastModifiedTime(dir.resolve("X.class"), FileTime.fromMillis(1_000_000));
        assertNotEquals(stamp, Jars.stamp(tmp.resolve("classes")), "a change of time may be a change of content");
        Jars.pack(tmp.resolve("classes"), two);
        assertEquals(Jars.sha256(one), Jars.sha256(two));
        try (var jar = new java.util.jar.JarFile(two.toFile())) {
            assertEquals(List.of("a/", "a/b/", "a/b/X.class", "r.txt"), java.util.Collections.list(jar.entries()).stream()
                    .map(java.util.zip.ZipEntry::getName).toList());
        }
    }

    @Test
    void malformedMessagesAreIOExceptions() throws IOException {
        byte[] ok = new Msg.Out((byte) 7).s("abc").i(3).bytes();
        Msg.In in = new Msg.In(ok);
        assertEquals(7, in.type);
        assertEquals("abc", in.s());
        assertEquals(3, in.i());
        byte[] lying = new Msg.Out((byte) 7).i(Integer.MAX_VALUE).bytes();
        assertThrows(IOException.class, () -> new Msg.In(lying).s());
        byte[] truncated = new Msg.Out((byte) 7).i(10).bytes();
        assertThrows(IOException.class, () -> new Msg.In(truncated).s());
        assertThrows(IOException.class, () -> new Msg.In(new byte[] {7}).i());
    }
}
