package org.multiprocessing4j.bench.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Connection round trip over an in-process {@link Pipe} (a Unix socket pair) with an echo thread on the other end:
 * the channel's own cost (framing, codec, two syscalls each way, one thread wake-up each way) without a second JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChannelBench {
    @Param({"int", "bytes1k"})
    public String payload;

    private Pipe pipe;
    private Connection a;
    private Thread echo;
    private final byte[] bytes = new byte[1024];

    @Setup(Level.Trial)
    public void setup() throws IOException {
        pipe = Pipe.open();
        a = pipe.first();
        Connection b = pipe.second();
        boolean raw = payload.equals("bytes1k");
        echo = Thread.ofPlatform().daemon().name("echo").start(() -> {
            try {
                while (true) {
                    if (raw) b.sendBytes(b.recvBytes());
                    else b.send(b.recv());
                }
            } catch (IOException e) {
                // pipe closed at tear-down
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        pipe.close();
        echo.join(5000);
    }

    @Benchmark
    public Object roundTrip() throws IOException {
        if (payload.equals("bytes1k")) {
            a.sendBytes(bytes);
            return a.recvBytes();
        }
        a.send(7);
        return a.recv();
    }
}
