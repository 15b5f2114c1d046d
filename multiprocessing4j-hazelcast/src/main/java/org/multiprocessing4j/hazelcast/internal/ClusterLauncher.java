package org.multiprocessing4j.hazelcast.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.internal.process.CodecLoader;
import org.multiprocessing4j.internal.pool.Launch;

/**
 * Launches a pool's workers on the cluster: the pool's dispatcher sees ordinary process workers whose channel is a
 * TCP connection relayed by a member to a worker JVM there. The class path is hashed and shipped at the first
 * launch (and again if the cluster lost it).
 */
public final class ClusterLauncher implements Launch.Launcher {
    private final ClusterClient cluster;
    private final Context ctx;
    private final List<String> jvmOptions;
    private volatile WorkerSpec spec;

    public ClusterLauncher(ClusterClient cluster, Context ctx, List<String> poolJvmOptions) {
        this.cluster = cluster;
        this.ctx = ctx;
        List<String> opts = new ArrayList<>(ctx.jvmOptions());
        opts.addAll(poolJvmOptions);
        this.jvmOptions = List.copyOf(opts);
    }

    private WorkerSpec spec(boolean reship) throws IOException {
        WorkerSpec s = spec;
        if (s != null && !reship) return s;
        synchronized (this) {
            if (spec != null && !reship) return spec;
            List<WorkerSpec.JarRef> refs = cluster.shipper.refs(ClassPathShipper.entries(ctx));
            cluster.shipper.upload(cluster.hz.getMap(HzConfigs.JARS), refs, reship);
            String codec = CodecLoader.nameOf(ctx.codec());
            spec = new WorkerSpec(jvmOptions, ctx.systemProperties(), ctx.environment(), codec, ctx.tunedWorkerFlags(),
                    ctx.aotCache(), ctx.maxMessageSize(), refs);
            return spec;
        }
    }

    @Override
    public Launch.Launched launch(int index) throws Exception {
        RemoteHost h = cluster.startWorker(spec(false), () -> {
            try {
                return spec(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return new Launch.Launched(h.data, h, h.slot);
    }
}
