package org.multiprocessing4j.hazelcast;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The command that starts a member and joins a cluster ({@code bin/member}): runs until SIGTERM or SIGINT, then
 * leaves the cluster gracefully. The secret is read from a file ({@code --secret-file}) or from the environment
 * variable {@value ClusterConfig#SECRET_ENV}, never from the command line (other users can read it there).
 *
 * <pre>
 * member --cluster-name NAME [--bind HOST] [--port N] [--members HOST:PORT,...] [--workers N]
 *        [--worker-port N] [--public-host HOST] [--name NAME] [--cache-dir DIR]
 *        [--cache-limit-mb N] [--failure-detection SECONDS] [--client-timeout SECONDS] [--secret-file FILE]
 * </pre>
 *
 * Once the member has joined, it prints one line starting with {@code mp4j member ready}. Exit codes: 0 after a
 * graceful stop, 2 for bad arguments, 1 if the member cannot start.
 */
public final class MemberMain {
    private MemberMain() {}

    /**
     * Runs a member.
     *
     * @param args the options above
     * @throws Exception never on purpose: failures exit with their code
     */
    public static void main(String[] args) throws Exception {
        MemberConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("member: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        ClusterMember member;
        try {
            member = ClusterMember.start(config);
        } catch (Exception e) {
            System.err.println("member: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("mp4j member " + member.name() + " leaving the cluster");
            member.close();
            stopped.countDown();
        }, "mp4j-member-stop"));
        System.out.println("mp4j member ready: " + member.name() + " in cluster '" + config.clusterName
                + "', hazelcast " + config.bindHost + ":" + config.port + ", worker host " + member.workerAddress()
                + ", " + config.workers + " workers; members " + member.clusterMembers());
        System.out.flush();
        stopped.await();
    }

    static String usage() {
        return "usage: member --cluster-name NAME [--bind HOST] [--port N] [--members HOST:PORT,...] [--workers N]\n"
                + "              [--worker-port N] [--public-host HOST] [--name NAME] [--cache-dir DIR]\n"
                + "              [--cache-limit-mb N] [--failure-detection SECONDS] [--client-timeout SECONDS] [--secret-file FILE]\n"
                + "the secret comes from --secret-file or the environment variable " + ClusterConfig.SECRET_ENV
                + " (at least 16 bytes; e.g. head -c 32 /dev/urandom | base64)";
    }

    static MemberConfig parse(String[] args) throws java.io.IOException {
        MemberConfig.Builder b = MemberConfig.builder();
        byte[] secret = null;
        boolean named = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                System.out.println(usage());
                System.exit(0);
            }
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument: " + a);
            if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
            String v = args[++i];
            switch (a) {
                case "--cluster-name" -> {
                    b.clusterName(v);
                    named = true;
                }
                case "--bind" -> b.bind(v);
                case "--port" -> b.port(integer(a, v));
                case "--members" -> b.members(Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
                case "--workers" -> b.workers(integer(a, v));
                case "--worker-port" -> b.workerPort(integer(a, v));
                case "--public-host" -> b.publicHost(v);
                case "--name" -> b.name(v);
                case "--cache-dir" -> b.cacheDir(Path.of(v));
                case "--cache-limit-mb" -> b.cacheLimit((long) integer(a, v) << 20);
                case "--failure-detection" -> b.failureDetection(Duration.ofSeconds(integer(a, v)));
                case "--client-timeout" -> b.clientTimeout(Duration.ofSeconds(integer(a, v)));
                case "--secret-file" -> secret = ClusterConfig.readSecret(Path.of(v));
                case "--secret" -> throw new IllegalArgumentException("--secret is not accepted: other users can read the "
                        + "command line; use --secret-file or " + ClusterConfig.SECRET_ENV);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (!named) throw new IllegalArgumentException("--cluster-name is required");
        if (secret == null) {
            String env = System.getenv(ClusterConfig.SECRET_ENV);
            if (env == null) throw new IllegalArgumentException("no secret: give --secret-file FILE or set " + ClusterConfig.SECRET_ENV);
            secret = Checks.secretBytes(env);
        }
        return b.secret(secret).build();
    }

    private static int integer(String option, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not " + v);
        }
    }

}
