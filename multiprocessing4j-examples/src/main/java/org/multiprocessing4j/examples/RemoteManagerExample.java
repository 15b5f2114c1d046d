package org.multiprocessing4j.examples;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.multiprocessing4j.managers.Manager;

/**
 * A remote manager used from a second JVM (CPython's "using a remote manager"): this JVM starts a manager that
 * serves a job queue and a result queue on TCP with an authkey; a second, independent JVM (started with plain
 * {@code java}, not as a child) connects by address and key, takes the jobs and puts the answers.
 *
 * <pre>java ... RemoteManagerExample [jobs=20]        (server side, starts the client JVM itself)
 * MP4J_KEY=hex java ... RemoteManagerExample client host port</pre>
 */
public final class RemoteManagerExample {
    private RemoteManagerExample() {}

    /** The key travels in the environment, never on a command line that {@code ps} shows. */
    static final String KEY_VARIABLE = "MP4J_KEY";

    /**
     * Runs the example from the command line.
     *
     * @param args {@code [jobs]} (default 20) on the server side; {@code client host port} in the second JVM
     * @throws Exception if the manager or the second JVM fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("client")) {
            client(new InetSocketAddress(args[1], Integer.parseInt(args[2])),
                    HexFormat.of().parseHex(System.getenv(KEY_VARIABLE)));
            return;
        }
        System.out.println("sum of answers = " + run(args.length > 0 ? Integer.parseInt(args[0]) : 20));
    }

    /**
     * Serves {@code jobs} jobs and lets a second JVM do them.
     *
     * @param jobs how many jobs
     * @return the sum of the answers
     * @throws Exception if the manager or the second JVM fails
     */
    @SuppressWarnings("unchecked")
    public static long run(int jobs) throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try (Manager manager = Manager.builder()
                .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .authkey(key)
                .register("jobs", BlockingQueue.class, Queues::jobs)
                .register("answers", BlockingQueue.class, Queues::answers)
                .start()) {
            BlockingQueue<Integer> jobQueue = manager.create("jobs", BlockingQueue.class);
            BlockingQueue<Long> answers = manager.create("answers", BlockingQueue.class);
            for (int i = 1; i <= jobs; i++) jobQueue.put(i);
            jobQueue.put(0); // the end

            InetSocketAddress address = (InetSocketAddress) manager.address();
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", classPath(), RemoteManagerExample.class.getName(),
                    "client", address.getHostString(), Integer.toString(address.getPort())).inheritIO();
            pb.environment().put(KEY_VARIABLE, HexFormat.of().formatHex(key));
            Process second = pb.start();
            try {
                long sum = 0;
                for (int i = 0; i < jobs; i++) {
                    Long a = answers.poll(2, TimeUnit.MINUTES);
                    if (a == null) throw new IllegalStateException("the second JVM gave no answer");
                    sum += a;
                }
                if (!second.waitFor(2, TimeUnit.MINUTES) || second.exitValue() != 0) {
                    throw new IllegalStateException("the second JVM failed");
                }
                return sum;
            } finally {
                second.destroyForcibly();
                second.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static void client(InetSocketAddress address, byte[] key) throws InterruptedException {
        Manager manager = Manager.connect(address, key);
        BlockingQueue<Integer> jobs = manager.create("jobs", BlockingQueue.class);
        BlockingQueue<Long> answers = manager.create("answers", BlockingQueue.class);
        for (int n; (n = jobs.take()) != 0; ) answers.put((long) n * n);
    }

    private static String classPath() {
        return String.join(File.pathSeparator, List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
    }

    /** The two queues, one of each per manager process. */
    static final class Queues {
        private static final BlockingQueue<Integer> JOBS = new java.util.concurrent.LinkedBlockingQueue<>();
        private static final BlockingQueue<Long> ANSWERS = new java.util.concurrent.LinkedBlockingQueue<>();

        static BlockingQueue<Integer> jobs() {
            return JOBS;
        }

        static BlockingQueue<Long> answers() {
            return ANSWERS;
        }
    }

}
