package org.multiprocessing4j.hazelcast.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a member needs to start a worker JVM like the client's own: the client context's JVM settings, its codec's
 * class, the pool's JVM options, and the class path entries shipped through the cluster (by content hash).
 */
public record WorkerSpec(List<String> jvmOptions, Map<String, String> systemProperties, Map<String, String> environment,
                         String codecClass, boolean tunedWorkerFlags, boolean aotCache, int maxMessageSize,
                         List<JarRef> classPath) {

    /** A shipped class path entry: its SHA-256 (hex), size, and the name it had on the client (for messages). */
    public record JarRef(String sha256, long size, String name) {}

    public WorkerSpec {
        jvmOptions = List.copyOf(jvmOptions);
        systemProperties = Map.copyOf(systemProperties);
        environment = Map.copyOf(environment);
        classPath = List.copyOf(classPath);
    }

    void write(Msg.Out o) {
        o.strings(jvmOptions).map(systemProperties).map(environment).s(codecClass).bool(tunedWorkerFlags)
                .bool(aotCache).i(maxMessageSize).i(classPath.size());
        for (JarRef j : classPath) o.s(j.sha256()).l(j.size()).s(j.name());
    }

    static WorkerSpec read(Msg.In in) throws IOException {
        List<String> opts = in.strings();
        Map<String, String> props = in.map();
        Map<String, String> env = in.map();
        String codec = in.s();
        boolean tuned = in.bool();
        boolean aot = in.bool();
        int maxMsg = in.i();
        int n = in.i();
        if (n < 0 || n > 10_000) throw new IOException("malformed worker spec: " + n + " class path entries");
        List<JarRef> cp = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            String sha = in.s();
            if (sha == null || !sha.matches("[0-9a-f]{64}")) throw new IOException("malformed class path hash: " + sha);
            cp.add(new JarRef(sha, in.l(), in.s()));
        }
        return new WorkerSpec(opts, props, env, codec == null ? "" : codec, tuned, aot, maxMsg, cp);
    }
}
