package org.multiprocessing4j.hazelcast.internal;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.multiprocessing4j.internal.pool.Wire;

/**
 * The control messages between clients and members: a type byte, then big-endian fields.
 * Read with explicit bounds, never through Java serialization, so a malformed message is an {@link IOException}.
 */
public final class Msg {
    private Msg() {}

    private static final int MAX_STRING = 1 << 20, MAX_LIST = 1 << 16;

    /** Builds a message on the pool protocol's frame writer (big-endian, as {@link DataInputStream} reads it). */
    public static final class Out {
        private final Wire.Out out = new Wire.Out(64);

        public Out(byte type) {
            b(type);
        }

        public Out b(int v) {
            out.b(v);
            return this;
        }

        public Out i(int v) {
            out.i(v);
            return this;
        }

        public Out l(long v) {
            out.l(v);
            return this;
        }

        public Out bool(boolean v) {
            return b(v ? 1 : 0);
        }

        /** A string (null allowed), as a length-prefixed UTF-8 block. */
        public Out s(String v) {
            out.block(v == null ? null : v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return this;
        }

        public Out strings(List<String> v) {
            i(v.size());
            for (String s : v) s(s);
            return this;
        }

        public Out map(Map<String, String> v) {
            i(v.size());
            for (Map.Entry<String, String> e : v.entrySet()) s(e.getKey()).s(e.getValue());
            return this;
        }

        public byte[] bytes() {
            return Arrays.copyOf(out.array(), out.size());
        }
    }

    /** Reads a message. */
    public static final class In {
        private final DataInputStream in;
        public final byte type;

        public In(byte[] frame) throws IOException {
            this.in = new DataInputStream(new ByteArrayInputStream(frame));
            this.type = in.readByte();
        }

        public byte b() throws IOException {
            return in.readByte();
        }

        public int i() throws IOException {
            return in.readInt();
        }

        public long l() throws IOException {
            return in.readLong();
        }

        public boolean bool() throws IOException {
            return in.readByte() != 0;
        }

        public String s() throws IOException {
            int n = in.readInt();
            if (n == -1) return null;
            if (n < 0 || n > MAX_STRING) throw new IOException("malformed message: string of " + n + " bytes");
            byte[] b = in.readNBytes(n);
            if (b.length != n) throw new EOFException("malformed message: truncated string");
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }

        public List<String> strings() throws IOException {
            int n = count();
            List<String> r = new ArrayList<>(n);
            for (int k = 0; k < n; k++) r.add(s());
            return r;
        }

        public Map<String, String> map() throws IOException {
            int n = count();
            Map<String, String> r = new LinkedHashMap<>();
            for (int k = 0; k < n; k++) r.put(s(), s());
            return r;
        }

        private int count() throws IOException {
            int n = in.readInt();
            if (n < 0 || n > MAX_LIST) throw new IOException("malformed message: list of " + n);
            return n;
        }
    }
}
