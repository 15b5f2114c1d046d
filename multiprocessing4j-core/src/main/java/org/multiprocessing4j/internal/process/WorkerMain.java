package org.multiprocessing4j.internal.process;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.HexFormat;

import org.multiprocessing4j.internal.connection.ConnectionFactory;
import org.multiprocessing4j.internal.shm.SharedRehearsal;
import org.multiprocessing4j.codec.Codec;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.internal.Identity;
import org.multiprocessing4j.internal.codec.Bytes;
import org.multiprocessing4j.internal.connection.Handshake;
import org.multiprocessing4j.internal.connection.ChannelTransport;

/**
 * The main class of every child JVM: reads the authkey from stdin, connects to the parent's control socket,
 * authenticates, waits for its run order, runs it, reports the exit code and halts.
 *
 * <p>The child never writes protocol data to stdout. It halts rather than exits, as a Python child ends with
 * {@code os._exit}: the JVM's shutdown hooks are not the process's business. A daemon child (and a warm spare)
 * halts as soon as its control connection ends, which is how children never outlive a parent killed with SIGKILL.
 */
public final class WorkerMain {
    private static volatile Connection control;
    private static volatile boolean daemon = true;

    private WorkerMain() {}

    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals("--train")) {
            try {
                AotTraining.run(Long.parseLong(args[1]));
            } catch (Exception e) {
                e.printStackTrace();
                Runtime.getRuntime().halt(1); // no cache from a failed training
            }
            System.exit(0); // a normal exit: the JVM writes the AOT cache now
        }
        StartupTrace.mark("main");
        int code;
        try {
            code = bootstrap(args[0], args[1]);
        } catch (ParentGone e) {
            code = 1;
        } catch (Throwable t) {
            System.err.println("multiprocessing4j: the child process could not start its task:");
            t.printStackTrace();
            code = 1;
        }
        finish(code);
    }

    private static final class ParentGone extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private static int bootstrap(String controlPath, String token) throws Exception {
        byte[] key = readKey();
        if (key == null) throw new ParentGone();
        StartupTrace.mark("key read");
        Identity.setAuthkey(key);
        // The JDK's own channel: no FFM set-up on the start-up path (see ChannelTransport).
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(controlPath));
        } catch (java.net.SocketException e) {
            // The parent removes its control socket when it exits: nobody is left to run for, and nothing to say.
            if (!java.nio.file.Files.exists(java.nio.file.Path.of(controlPath))) throw new ParentGone();
            throw e;
        }
        StartupTrace.mark("socket connected");
        Connection c = ConnectionFactory.open(new ChannelTransport(ch), Codec.defaultCodec(), Integer.MAX_VALUE - 16, true, true);
        StartupTrace.mark("connected");
        Handshake.client(c, key);
        StartupTrace.mark("authenticated");
        c.sendBytes(token.getBytes(StandardCharsets.US_ASCII));
        control = c;
        installSignalHandlers();
        byte[] order;
        try {
            order = c.recvBytes();
            if (order.length == 1 && order[0] == ChildHandle.SPARE) {
                warmUp(); // a spare: the parent said so, and its order comes later
                order = c.recvBytes();
            }
        } catch (IOException e) {
            throw new ParentGone(); // a spare whose parent ended
        }
        StartupTrace.mark("run order received");
        RunOrder run = RunOrder.decode(order);
        daemon = run.daemon();
        if (!run.codecClass().isEmpty()) Identity.setCodec(CodecLoader.load(run.codecClass()));
        Thread.ofPlatform().daemon().name("mp4j-parent-watch").start(WorkerMain::watchParent);
        StartupTrace.mark("run order decoded");
        if (run.process().length == 0) return 0;
        return ChildBootstrap.Holder.get().run(run);
    }

    /**
     * What a waiting spare does with its idle time: the decode path, a pipe and shared memory, as a task will use
     * them.
     */
    private static void warmUp() {
        ChildBootstrap.Holder.get().warmUp();
        try (org.multiprocessing4j.connection.Pipe p = org.multiprocessing4j.connection.Pipe.open()) {
            p.first().send(1);
            p.second().recv();
        } catch (IOException | RuntimeException e) {
            // only a warm-up
        }
        SharedRehearsal.run();
        StartupTrace.mark("warmed up");
        report(ChildHandle.READY, Integer.MIN_VALUE);
    }

    /** Ends a daemon child when the parent's end of the control connection closes. */
    private static void watchParent() {
        try {
            while (true) control.recvBytes(16);
        } catch (IOException e) {
            if (daemon) Runtime.getRuntime().halt(1);
        }
    }

    private static byte[] readKey() throws IOException {
        FileInputStream in = new FileInputStream(FileDescriptor.in);
        byte[] line = new byte[65];
        int n = 0;
        while (n < line.length) {
            int r = in.read(line, n, line.length - n);
            if (r < 0) return null;
            n += r;
        }
        return HexFormat.of().parseHex(new String(line, 0, 64, StandardCharsets.US_ASCII));
    }

    static void installSignalHandlers() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> endBySignal(15));
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> endBySignal(2));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // the JVM reserves the signal (-Xrs): the parent maps the raw status instead
        }
    }

    private static void endBySignal(int signal) {
        report(ChildHandle.SIGNAL, signal);
        Runtime.getRuntime().halt(128 + signal);
    }

    static void finish(int code) {
        StartupTrace.mark("finished");
        System.out.flush();
        System.err.flush();
        report(ChildHandle.EXIT, code & 0xFF);
        Runtime.getRuntime().halt(code & 0xFF);
    }

    /** One control message: a kind byte, and a big-endian int unless {@code value} is {@code MIN_VALUE}. */
    private static void report(byte kind, int value) {
        Connection c = control;
        if (c == null) return;
        byte[] m = new byte[value == Integer.MIN_VALUE ? 1 : 5];
        m[0] = kind;
        if (m.length == 5) Bytes.putInt(m, 1, value);
        try {
            c.sendBytes(m);
        } catch (IOException ignored) {
            // the parent is gone; nobody is left to tell
        }
    }
}
