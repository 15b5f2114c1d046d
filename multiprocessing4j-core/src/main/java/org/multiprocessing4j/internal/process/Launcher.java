package org.multiprocessing4j.internal.process;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.multiprocessing4j.Context;
import org.multiprocessing4j.ProcessStartException;

/** Builds the command line of a child JVM and starts it. */
public final class Launcher {
    static final String MODULE = "org.multiprocessing4j";

    private Launcher() {}

    /** Per-process additions to the context's settings. */
    public record Extra(List<String> jvmOptions, Map<String, String> systemProperties, Map<String, String> environment,
                        Path workingDirectory, Redirect stdout, Redirect stderr) {
        public static final Extra NONE = new Extra(List.of(), Map.of(), Map.of(), null, null, null);

        public boolean isEmpty() {
            return jvmOptions.isEmpty() && systemProperties.isEmpty() && environment.isEmpty()
                    && workingDirectory == null && stdout == null && stderr == null;
        }
    }

    public static LaunchSpec spec(Context ctx, Extra extra, Class<?>... anchors) {
        Path java = ctx.javaExecutable();
        if (!Files.isExecutable(java)) {
            throw new ProcessStartException("the java launcher " + java + " does not exist or is not executable "
                    + "(Context.builder().javaExecutable(...))");
        }
        Class<?>[] all = new Class<?>[anchors.length + 1];
        System.arraycopy(anchors, 0, all, 0, anchors.length);
        all[anchors.length] = WorkerMain.class;
        ClassPathResolver.Paths paths = ClassPathResolver.resolve(ctx.classPath(), all);
        boolean modular = WorkerMain.class.getModule().isNamed();

        List<String> user = new ArrayList<>(ctx.jvmOptions());
        user.addAll(extra.jvmOptions());
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.add("--enable-native-access=" + (modular ? MODULE + ",ALL-UNNAMED" : "ALL-UNNAMED"));
        List<String> tuned = new ArrayList<>();
        if (ctx.tunedWorkerFlags()) {
            if (user.stream().noneMatch(o -> o.startsWith("-XX:+Use") && o.endsWith("GC"))) tuned.add("-XX:+UseSerialGC");
            tuned.add("-XX:-UsePerfData");
            // A child halts while its parent-watch thread sits in a native read; by default HotSpot then waits up
            // to 30 x 10 ms for such threads at exit, which is most of a short child's life.
            tuned.add("-XX:UserThreadWaitAttemptsAtExit=0");
        }
        cmd.addAll(tuned);
        String aotKey = null;
        if (ctx.aotCache() && !modular && paths.modulePath().isEmpty() && ClassPathResolver.allJars(paths.classPath())) {
            aotKey = AotCache.key(java, paths.classPath(), tuned); // the flags themselves are added at launch
        }
        cmd.addAll(user);
        String base = System.getProperty("multiprocessing4j.runtimeDir");
        if (base != null) cmd.add("-Dmultiprocessing4j.runtimeDir=" + base);
        Map<String, String> props = new LinkedHashMap<>(ctx.systemProperties());
        props.putAll(extra.systemProperties());
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        if (!paths.modulePath().isEmpty()) {
            cmd.add("--module-path");
            cmd.add(String.join(File.pathSeparator, paths.modulePath()));
            cmd.add("--add-modules");
            cmd.add("ALL-MODULE-PATH");
        }
        if (!paths.classPath().isEmpty()) {
            cmd.add("-cp");
            cmd.add(String.join(File.pathSeparator, paths.classPath()));
        }
        if (modular) {
            cmd.add("-m");
            cmd.add(MODULE + "/" + WorkerMain.class.getName());
        } else {
            cmd.add(WorkerMain.class.getName());
        }
        Map<String, String> env = new LinkedHashMap<>(ctx.environment());
        env.putAll(extra.environment());
        Path cwd = extra.workingDirectory() != null ? extra.workingDirectory() : ctx.workingDirectory();
        Redirect out = extra.stdout() != null ? extra.stdout() : ctx.stdout();
        Redirect err = extra.stderr() != null ? extra.stderr() : ctx.stderr();
        return new LaunchSpec(List.copyOf(cmd), Map.copyOf(env), cwd, out, err, aotKey);
    }

    /**
     * Trains the context's AOT cache if its class path allows one, and waits for it. True when a cache exists or
     * none is possible (a directory on the class path, a module path): there is nothing left to wait for.
     */
    public static boolean prepareAotCache(Context ctx, long nanos) throws InterruptedException {
        LaunchSpec spec = spec(ctx, Extra.NONE);
        return spec.aotTrainingKey() == null || AotCache.ensure(spec, nanos);
    }

    /** Starts the JVM; the token and the authkey reach it through its arguments and stdin. */
    public static Process launch(LaunchSpec spec, String token) {
        List<String> cmd = new ArrayList<>(spec.command());
        Path cache = AotCache.ready(spec.aotTrainingKey());
        if (cache != null) {
            cmd.add(1, "-XX:AOTCache=" + cache);
            cmd.add(2, "-Xlog:aot=off,cds=off");
        }
        cmd.add(ProcessRuntime.get().controlPath().toString());
        cmd.add(token);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(spec.environment());
        if (spec.workingDirectory() != null) pb.directory(spec.workingDirectory().toFile());
        pb.redirectOutput(spec.stdout());
        pb.redirectError(spec.stderr());
        pb.redirectInput(Redirect.PIPE);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ProcessStartException("cannot start " + spec.command().getFirst() + ": " + e.getMessage(), e);
        }
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write((HexFormat.of().formatHex(org.multiprocessing4j.internal.Identity.authkey()) + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the child died at once; join() reports its exit code and stderr says why
        }
        if (cache == null) AotCache.trainInBackground(spec);
        return p;
    }
}
