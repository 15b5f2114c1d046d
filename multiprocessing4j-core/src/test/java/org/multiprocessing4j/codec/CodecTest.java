package org.multiprocessing4j.codec;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ObjectInputFilter;
import java.io.Serial;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.ProcessStartException;

/** The default codec: exact round trips, a JDK-serialization fallback, and errors a person can act on. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CodecTest {
    /** The tag the default codec puts before a JDK-serialized value (FastPathCodec.JAVA). */
    static final byte JDK_FALLBACK = 127;
    final Codec codec = Codec.defaultCodec();

    private Object roundTrip(Object v) throws Exception {
        byte[] b = codec.encode(v);
        Object back = codec.decode(b, 0, b.length);
        if (v == null) {
            assertNull(back);
        } else {
            assertSame(v.getClass(), back.getClass(), "exact class kept");
            assertTrue(Arrays.deepEquals(new Object[] {v}, new Object[] {back}), v + " != " + back);
        }
        return back;
    }

    private Object roundTripRaw(Object v) throws Exception {
        byte[] b = codec.encode(v);
        assertNotEquals(JDK_FALLBACK, b[0]);
        return codec.decode(b, 0, b.length);
    }

    @Test
    void everyFastPathTypeRoundTripsWithItsExactClass() throws Exception {
        List<Object> values = Arrays.asList(null, 0, Integer.MIN_VALUE, Long.MAX_VALUE, -1L, Math.PI, -0.0,
                Double.NaN, Float.MIN_VALUE, 2.5f, (short) -3, Short.MAX_VALUE, (byte) -128, 'x', '\uffff',
                true, false, "", "plain", "ünïcödé ✓ 😀", new byte[0], new byte[] {-1, 0, 1},
                new int[] {Integer.MIN_VALUE, 0, 7}, new long[] {1, Long.MIN_VALUE}, new double[] {1.5, Double.NaN},
                new ArrayList<>(Arrays.asList(1, "two", 3.0, null, true)),
                new Object[] {1, 'c', null, "s"}, new ArrayList<>(), new Object[0]);
        for (Object v : values) {
            assertNotEquals(JDK_FALLBACK, codec.encode(v)[0], () -> "fast path for " + v);
            roundTrip(v);
        }
        ArrayList<?> withBytes = (ArrayList<?>) roundTripRaw(new ArrayList<>(List.of(new byte[] {4, 5})));
        assertArrayEquals(new byte[] {4, 5}, (byte[]) withBytes.getFirst(), "byte[] inside a list");
        byte[] b = codec.encode(-0.0);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) codec.decode(b, 0, b.length)));
    }

    @Test
    void primitiveArraysAreBigEndianExactAndDecodeAtAnOffset() throws Exception {
        byte[] ints = codec.encode(new int[] {1, -2});
        assertArrayEquals(new byte[] {8, 0, 0, 0, 2, 0, 0, 0, 1, -1, -1, -1, -2}, ints, "tag, count, big-endian items");
        long nanBits = 0x7ff8_0000_0000_0123L; // a NaN with a payload: raw bits travel, not a canonical NaN
        double[] doubles = {Double.longBitsToDouble(nanBits), -0.0, Double.MIN_VALUE, Double.NEGATIVE_INFINITY};
        int n = 100_003; // larger than any internal step, and odd
        long[] longs = new long[n];
        int[] many = new int[n];
        for (int i = 0; i < n; i++) {
            longs[i] = (long) i * 0x9E37_79B9_7F4A_7C15L;
            many[i] = (int) longs[i] ^ i;
        }
        for (Object v : List.of(doubles, longs, many, new int[0], new long[0], new double[0])) {
            byte[] b = codec.encode(v);
            byte[] shifted = new byte[b.length + 7];
            System.arraycopy(b, 0, shifted, 3, b.length);
            Object back = codec.decode(shifted, 3, b.length);
            assertSame(v.getClass(), back.getClass());
            assertTrue(Arrays.deepEquals(new Object[] {v}, new Object[] {back}), () -> v.getClass().getSimpleName());
        }
        byte[] b = codec.encode(doubles);
        double[] back = (double[]) codec.decode(b, 0, b.length);
        assertEquals(nanBits, Double.doubleToRawLongBits(back[0]), "the NaN's payload");
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back[1]));
        byte[] cut = Arrays.copyOf(codec.encode(many), 5 + 4 * 1000);
        assertThrows(DecodingException.class, () -> codec.decode(cut, 0, cut.length), "a count beyond the bytes");
    }

    enum Color { RED }

    record Point(int x, int y) implements Serializable {}

    static final class MyList extends ArrayList<Object> {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    @Test
    void everythingElseFallsBackToJdkSerialization() throws Exception {
        MyList mine = new MyList();
        mine.add(1);
        ArrayList<Object> nested = new ArrayList<>(List.of(new ArrayList<>(List.of(1))));
        List<Object> values = List.of(new Point(1, 2), new HashMap<>(Map.of("a", 1)), LocalDate.of(2024, 2, 29),
                Color.RED, new BigDecimal("1.50"), new LinkedList<>(List.of(1, 2)), mine, nested,
                new String[] {"a", "b"}, new Point[] {new Point(0, 0)}, List.of(1, 2));
        for (Object v : values) {
            assertEquals(JDK_FALLBACK, codec.encode(v)[0], () -> "fallback for " + v.getClass());
            roundTrip(v);
        }
    }

    @Test
    void decodesFromTheMiddleOfAnArray() throws Exception {
        byte[] b = codec.encode("middle");
        byte[] padded = new byte[b.length + 10];
        System.arraycopy(b, 0, padded, 5, b.length);
        assertEquals("middle", codec.decode(padded, 5, b.length));
    }

    static final class Db {}

    static final class Task implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        final String name = "t";
        final List<Object> steps = new ArrayList<>(List.of("ok", new Db()));
    }

    @Test
    void aNonSerializableValueIsNamedWithItsPath() {
        EncodingException e = assertThrows(EncodingException.class, () -> codec.encode(new Task()));
        String m = e.getMessage();
        assertTrue(m.contains(Db.class.getName()), m);
        assertTrue(m.contains(Task.class.getName()), m);
        assertTrue(m.contains("field 'steps'") && m.contains("element [1]"), "the path to it: " + m);
        assertTrue(m.contains("Serializable"), "what to do: " + m);
    }

    @Test
    void aNonSerializableLambdaSaysHowToFixIt() {
        Runnable plain = () -> {};
        EncodingException e = assertThrows(EncodingException.class, () -> codec.encode(plain));
        assertTrue(e.getMessage().contains("lambda"), e.getMessage());
        assertTrue(e.getMessage().contains("org.multiprocessing4j.function.Serializable"), e.getMessage());
    }

    @Test
    void aTargetCapturingSomethingUnserializableFailsStartAtOnce() {
        Db db = new Db();
        JvmProcess p = new JvmProcess(() -> System.out.println(db));
        ProcessStartException e = assertThrows(ProcessStartException.class, p::start);
        assertTrue(e.getMessage().contains(Db.class.getName()), e.getMessage());
        assertTrue(p.pid().isEmpty(), "nothing was launched");
    }

    @Test
    void malformedBytesGiveADecodingException() throws Exception {
        byte[] good = codec.encode(new ArrayList<>(List.of("abc", 1)));
        byte[] javaGood = codec.encode(new Point(1, 2));
        List<byte[]> bad = List.of(new byte[0], new byte[] {99}, new byte[] {1, 0, 0}, new byte[] {6, 0x7f, 0, 0, 0, 'a'},
                new byte[] {6, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, new byte[] {4, 4},
                new byte[] {11, 0, 0, 0, 1, 11, 0, 0, 0, 0}, Arrays.copyOf(good, good.length - 1),
                new byte[] {JDK_FALLBACK, 1, 2, 3}, Arrays.copyOf(javaGood, javaGood.length / 2));
        for (byte[] b : bad) {
            assertThrows(DecodingException.class, () -> codec.decode(b, 0, b.length), () -> Arrays.toString(b));
        }
    }

    static final class Aaaa implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    @Test
    void aClassMissingHereIsNamed() throws Exception {
        byte[] b = codec.encode(new Aaaa());
        String s = new String(b, StandardCharsets.ISO_8859_1).replace("$Aaaa", "$Zzzz"); // same length
        byte[] renamed = s.getBytes(StandardCharsets.ISO_8859_1);
        DecodingException e = assertThrows(DecodingException.class, () -> codec.decode(renamed, 0, renamed.length));
        assertTrue(e.getMessage().contains("CodecTest$Zzzz"), e.getMessage());
        assertTrue(e.getMessage().contains("class path"), e.getMessage());
    }

    @Test
    void aFilterCanRejectClasses() throws Exception {
        Codec strict = Codec.javaSerialization(ObjectInputFilter.Config.createFilter("java.base/*;!*"));
        byte[] b = strict.encode(new Point(1, 2));
        DecodingException e = assertThrows(DecodingException.class, () -> strict.decode(b, 0, b.length));
        assertTrue(e.getMessage().contains("rejected"), e.getMessage());
        byte[] ok = strict.encode(new HashMap<>(Map.of("k", 1)));
        assertEquals(Map.of("k", 1), strict.decode(ok, 0, ok.length));
    }
}
