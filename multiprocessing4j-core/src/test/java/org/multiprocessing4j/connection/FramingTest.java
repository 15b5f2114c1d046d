package org.multiprocessing4j.connection;

import static org.junit.jupiter.api.Assertions.*;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.codec.Codec;
import org.multiprocessing4j.internal.connection.UnixTransport;
import org.multiprocessing4j.internal.unix.UnixSocket;

/**
 * A receiver facing raw bytes that are not a valid stream of frames (a 4-byte big-endian length, then the body):
 * it must fail with a clear {@link IOException}, never crash or allocate what a lying header claims.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FramingTest {
    /** A raw socket to write into and a connection reading the other end with the given limit. */
    private record Rig(UnixSocket raw, Connection conn) implements AutoCloseable {
        static Rig open(int maxMessageSize) throws IOException {
            UnixSocket[] pair = UnixSocket.pair();
            return new Rig(pair[0], new Connection(new UnixTransport(pair[1]), Codec.defaultCodec(), maxMessageSize, true, true));
        }

        void write(int... values) throws IOException {
            byte[] bytes = new byte[values.length];
            for (int i = 0; i < values.length; i++) bytes[i] = (byte) values[i];
            raw.writeFully(MemorySegment.ofArray(bytes), bytes.length);
        }

        @Override
        public void close() {
            raw.close();
            conn.close();
        }
    }

    @Test
    void aNegativeLengthIsMalformed() throws IOException {
        try (Rig r = Rig.open(Pipe.DEFAULT_MAX_MESSAGE_SIZE)) {
            r.write(0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3);
            IOException e = assertThrows(IOException.class, r.conn()::recvBytes);
            assertFalse(e instanceof EOFException);
            assertTrue(e.getMessage().contains("malformed"), e.getMessage());
            assertTrue(r.conn().isClosed(), "a stream out of step cannot be trusted again");
        }
    }

    @Test
    void aLengthOverTheLimitIsRefusedWithoutAllocating() throws IOException {
        try (Rig r = Rig.open(1 << 20)) {
            r.write(0, 0x20, 0, 0); // 2 MiB announced, limit 1 MiB
            long before = allocated();
            IOException e = assertThrows(IOException.class, r.conn()::recv);
            assertTrue(allocated() - before < (1 << 20), "nothing near the announced size was allocated");
            assertTrue(e.getMessage().contains("2097152") && e.getMessage().contains("1048576"), e.getMessage());
        }
    }

    @Test
    void aHugeAnnouncedLengthThatNeverArrivesAllocatesOnlyWhatArrives() throws IOException {
        try (Rig r = Rig.open(Pipe.DEFAULT_MAX_MESSAGE_SIZE)) {
            r.write(0x3F, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4, 5); // ~1 GiB announced, 5 bytes sent
            r.raw().close();
            long before = allocated();
            EOFException e = assertThrows(EOFException.class, r.conn()::recvBytes);
            long used = allocated() - before;
            assertTrue(used < (256L << 20), "allocated " + used + " bytes for a 5-byte body");
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void aTruncatedHeaderIsAnEndOfStreamInAMessage() throws IOException {
        try (Rig r = Rig.open(1024)) {
            r.write(0, 0);
            r.raw().close();
            EOFException e = assertThrows(EOFException.class, r.conn()::recvBytes);
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void aFrameWhoseBodyIsNotAValidEncodingFailsToDecode() throws IOException {
        try (Rig r = Rig.open(1024)) {
            r.write(0, 0, 0, 3, 99, 1, 2); // 3 bytes, unknown tag 99
            r.write(0, 0, 0, 1, 42);       // and a valid frame after it
            IOException e = assertThrows(IOException.class, r.conn()::recv);
            assertTrue(e.getMessage().contains("malformed"), e.getMessage());
            assertArrayEquals(new byte[] {42}, r.conn().recvBytes(), "a bad body leaves the framing intact");
        }
    }

    /** Bytes this thread has allocated so far (through reflection: the module under test does not read java.management). */
    private static long allocated() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            return (long) Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes").invoke(bean);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("this test needs a HotSpot JVM", e);
        }
    }
}
