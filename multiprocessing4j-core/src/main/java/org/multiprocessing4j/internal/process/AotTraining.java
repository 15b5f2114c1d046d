package org.multiprocessing4j.internal.process;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.multiprocessing4j.internal.connection.ConnectionFactory;
import org.multiprocessing4j.codec.Codec;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.internal.Identity;
import org.multiprocessing4j.internal.RuntimeDir;
import org.multiprocessing4j.internal.codec.JavaSerializationCodec;
import org.multiprocessing4j.internal.connection.ChannelTransport;
import org.multiprocessing4j.internal.connection.Handshake;
import org.multiprocessing4j.internal.connection.ResourceSharer;

/**
 * The AOT training run: one JVM plays both sides of a child's start (control connection, handshake, run order,
 * decoding and running a process object with a serializable lambda) and uses a pipe the way workers do, so the
 * classes of all those paths land in the cache. It halts without writing anything if its parent ends first.
 */
final class AotTraining {
    private AotTraining() {}

    static void run(long parentPid) throws Exception {
        ProcessHandle.of(parentPid).ifPresentOrElse(
                h -> h.onExit().thenRun(() -> Runtime.getRuntime().halt(1)),
                () -> Runtime.getRuntime().halt(1));
        byte[] key = Identity.authkey();
        var address = UnixDomainSocketAddress.of(RuntimeDir.get().resolve("train.sock"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(address);
            SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
            client.connect(address);
            Connection parentSide = ConnectionFactory.open(new ChannelTransport(server.accept()), Codec.defaultCodec(), 1 << 20, true, true);
            Connection childSide = ConnectionFactory.open(new ChannelTransport(client), Codec.defaultCodec(), 1 << 20, true, true);
            byte[] process = ChildBootstrap.Holder.get().trainingProcess();
            Thread parent = Thread.ofPlatform().daemon().start(() -> { // daemon: the child part joins non-daemon threads
                try {
                    Handshake.server(parentSide, key);
                    parentSide.recvBytes(64);
                    parentSide.sendBytes(new RunOrder(process, true, "MainProcess", parentPid, "").encode());
                    parentSide.recvBytes(16);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Handshake.client(childSide, key);
            childSide.sendBytes("training".getBytes(StandardCharsets.US_ASCII));
            RunOrder order = RunOrder.decode(childSide.recvBytes());
            WorkerMain.installSignalHandlers();
            int code = ChildBootstrap.Holder.get().run(order);
            childSide.sendBytes(new byte[] {ChildHandle.EXIT, 0, 0, 0, (byte) code});
            parent.join();
            parentSide.close();
            childSide.close();
        }
        trainDataPath();
    }

    /** Pipes, descriptor hand-over, a pool worker's connection back to its parent, and the codec. */
    private static void trainDataPath() throws IOException {
        ResourceSharer.Expected invited = ResourceSharer.expect(1 << 20);
        try (Connection worker = invited.remote().open()) {
            invited.local().send(List.of(1, 2));
            worker.recv();
            worker.sendBytes(new byte[100]);
            invited.local().recvBytes();
        } finally {
            invited.local().close();
        }
        try (Pipe pipe = Pipe.open()) {
            List<Integer> list = new ArrayList<>(List.of(1, 2, 3));
            pipe.first().send(list);
            pipe.second().recv();
            for (Object column : new Object[] {new int[64], new long[64], new double[64]}) { // how map chunks travel
                pipe.first().send(column);
                pipe.second().recv();
            }
            pipe.first().send("text");
            pipe.second().poll();
            pipe.second().recv();
            pipe.second().sendBytes(new byte[100]);
            pipe.first().recvBytes();
            Codec jdk = new JavaSerializationCodec(JavaSerializationCodec.defaultFilter());
            byte[] handed = jdk.encode(pipe.second());
            try (Connection again = (Connection) jdk.decode(handed, 0, handed.length)) {
                again.send(42);
                pipe.first().recv();
            }
        }
    }
}
