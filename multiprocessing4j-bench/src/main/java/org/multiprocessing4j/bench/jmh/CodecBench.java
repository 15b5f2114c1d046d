package org.multiprocessing4j.bench.jmh;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.multiprocessing4j.codec.Codec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encode + decode of the values the Pool goals move: a boxed int (apply, imap chunksize=1), a ~1 KB record and a
 * byte[1024] (typical task arguments), and an ArrayList of 125,000 Integers (one chunk of map's default chunksize
 * for 1M items on 2 workers, which the map goal needs well under ~3 ms).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CodecBench {
    /** About 1 KB serialized: a few scalar fields and a 1000-byte payload. */
    public record Rec(int id, long timestamp, String name, double score, byte[] payload) implements Serializable {}

    @Param({"default", "java"})
    public String codec;

    @Param({"int", "record1k", "bytes1k", "list125k"})
    public String value;

    private Codec c;
    private Object v;

    @Setup
    public void setup() throws Exception {
        c = codec.equals("default") ? Codec.defaultCodec() : Codec.javaSerialization(null);
        v = switch (value) {
            case "int" -> 123_456;
            case "record1k" -> {
                byte[] p = new byte[1000];
                Arrays.fill(p, (byte) 0x5A);
                yield new Rec(42, 1_700_000_000_000L, "task-42", 3.25, p);
            }
            case "bytes1k" -> new byte[1024];
            case "list125k" -> {
                ArrayList<Integer> l = new ArrayList<>(125_000);
                for (int i = 0; i < 125_000; i++) l.add(i);
                yield l;
            }
            default -> throw new IllegalArgumentException(value);
        };
        System.out.println("encoded size of " + value + " with " + codec + ": " + c.encode(v).length + " bytes");
    }

    @Benchmark
    public Object encodeDecode() throws Exception {
        byte[] b = c.encode(v);
        return c.decode(b, 0, b.length);
    }
}
