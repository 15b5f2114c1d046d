package org.multiprocessing4j.examples;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.List;

/**
 * Every example by name: {@code bin/example <name> [args...]}, or
 * {@code java -jar multiprocessing4j-examples-*-all.jar <name> [args...]}. Without a name (or with an unknown one)
 * it lists the examples and exits with status 2.
 */
public final class Examples {
    /**
     * One runnable example.
     *
     * @param name what to type after {@code bin/example}
     * @param seed where the example comes from
     * @param usage its optional arguments, with their defaults
     * @param shows what it shows, in a few words
     * @param program the class whose {@code main} runs it
     */
    record Example(String name, String seed, String usage, String shows, Class<?> program) {}

    /** In the README's order. */
    static final List<Example> ALL = List.of(
            new Example("digest", "001 build_digest_map (the showcase, bin/demo)",
                    "[dir=$JAVA_HOME] [workers=CPUs] [--passes N=10] [--insights]",
                    "SHA-256 of every file on a pool, progress line, speedup against one process", Digest.class),
            new Example("directory-digest", "001 directory digest", "[dir=$JAVA_HOME/conf] [workers=2]",
                    "SHA-512 of every file with imapUnordered(chunksize 20)", DirectoryDigest.class),
            new Example("pool-workers", "001 Pool", "",
                    "map with an initializer and maxTasksPerChild 3", PoolWorkers.class),
            new Example("map-async-chunks", "000 map_async, 002 chunks", "",
                    "mapAsync over range(123) on 4 workers: 16 chunks of 8, results in order", MapAsyncChunks.class),
            new Example("runner", "003 runner", "[timeoutSeconds=5]",
                    "the same code on ProcessPoolExecutor and ThreadExecutor; a result timeout", Runner.class),
            new Example("launch-check", "003 packaging", "",
                    "a child starts however the parent was launched (java -jar, mvn exec:java)", LaunchCheck.class),
            new Example("clock", "Process (issue 2)", "[intervalSeconds=1] [count=3]",
                    "a function run in a child JVM", Clock.class),
            new Example("clock-process", "Process subclass (issue 2)", "[intervalSeconds=1] [count=3]",
                    "a JvmProcess subclass overriding run()", ClockProcess.class),
            new Example("pipe-consumer", "Pipe (issue 2)", "[items=5]",
                    "a consumer that stops at the end of the stream", PipeConsumer.class),
            new Example("adder-server", "Pipe (issue 2)", "[pairs=4]",
                    "a client/server adder over a duplex pipe", AdderServer.class),
            new Example("float-channel", "001 FloatChannel", "[messages=1000] [doublesPerMessage=100000]",
                    "doubles through a shared array guarded by a value and two semaphores", FloatChannel.class),
            new Example("joinable-queue", "001 JoinableQueue", "",
                    "a daemon consumer, taskDone() and join()", JoinableQueueConsumer.class),
            new Example("sentinel-queue", "001 producers/consumers", "[count=1000] [consumers=10]",
                    "10 consumers, each stopped by its own sentinel", SentinelProducerConsumer.class),
            new Example("manager-map", "001 Manager (issue 5)", "",
                    "a shared map updated by several processes under a manager lock", ManagerSharedMap.class),
            new Example("remote-manager", "001 remote procedure calls", "[jobs=20]",
                    "a manager on TCP with an authkey, used from a second, independent JVM",
                    RemoteManagerExample.class),
            new Example("cluster-demo", "Cluster (issue 7)", "--cluster-name demo --members 127.0.0.1:5701 [--items 2000]",
                    "a Pool on cluster members (README walkthrough; needs MP4J_CLUSTER_SECRET)", ClusterDemo.class));

    private Examples() {}

    /**
     * Runs the example named by {@code args[0]} with the remaining arguments.
     *
     * @param args the example's name, then its arguments
     * @throws Exception whatever the example throws
     */
    public static void main(String[] args) throws Exception {
        Example e = args.length == 0 ? null : find(args[0]);
        if (e == null) {
            System.err.println((args.length == 0 ? "" : "no example named '" + args[0] + "'. ")
                    + "usage: bin/example <name> [args...]  (or java -jar <the -all jar> <name> [args...])");
            for (Example x : ALL) {
                System.err.printf("  %-17s %-44s %s%n", x.name(), x.usage(), x.shows());
            }
            System.exit(2);
        }
        try {
            e.program().getMethod("main", String[].class).invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException x) {
            if (x.getCause() instanceof Exception c) throw c;
            throw (Error) x.getCause();
        }
    }

    static Example find(String name) {
        for (Example e : ALL) if (e.name().equals(name)) return e;
        return null;
    }
}
