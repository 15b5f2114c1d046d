package org.multiprocessing4j.internal.codec;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;

import org.multiprocessing4j.codec.DecodingException;
import org.multiprocessing4j.codec.EncodingException;

/**
 * The default codec: one tag byte, then a compact big-endian body for the values pools and pipes carry most
 * (boxed primitives, strings, primitive arrays, and {@code ArrayList}/{@code Object[]} of those); JDK
 * serialization behind tag {@link #JAVA} for everything else. Exact classes only, so a value decodes to the class
 * it was encoded from.
 */
public final class FastPathCodec extends JavaSerializationCodec {
    public static final FastPathCodec INSTANCE = new FastPathCodec();

    static final byte NULL = 0, INT = 1, LONG = 2, DOUBLE = 3, TRUE = 4, FALSE = 5, STRING = 6, BYTES = 7,
            INTS = 8, LONGS = 9, DOUBLES = 10, LIST = 11, OBJECTS = 12, SHORT = 13, BYTE = 14, FLOAT = 15,
            CHAR = 16, JAVA = 127;

    public FastPathCodec() {
        super(defaultFilter());
    }

    @Override
    public byte[] encode(Object value) throws EncodingException {
        Buffer out = new Buffer(exactSize(value));
        if (!writeLeaf(value, out) && !writeContainer(value, out)) {
            out.size = 0;
            out.write(JAVA);
            writeJava(value, out);
        }
        return out.toByteArray();
    }

    /** The encoded size of a byte or primitive array (a tag, a count, the items: no copy at the end), else 64. */
    private static int exactSize(Object v) {
        long n = v instanceof byte[] b ? b.length : v instanceof int[] a ? 4L * a.length
                : v instanceof long[] a ? 8L * a.length : v instanceof double[] a ? 8L * a.length : -1;
        return n < 0 || n > Integer.MAX_VALUE - 32 ? 64 : (int) n + 5;
    }

    private static boolean writeContainer(Object v, Buffer out) {
        Class<?> c = v.getClass();
        // Primitive arrays in bulk: the JDK's buffer views copy (and byte-swap) natively, which a cold JVM's
        // interpreter would otherwise do one element, and many bytecodes, at a time.
        if (c == int[].class) {
            int[] a = (int[]) v;
            out.write(INTS);
            out.writeInt(a.length);
            out.ensure(4L * a.length);
            ByteBuffer.wrap(out.buf, out.size, 4 * a.length).asIntBuffer().put(a);
            out.size += 4 * a.length;
            return true;
        }
        if (c == long[].class) {
            long[] a = (long[]) v;
            out.write(LONGS);
            out.writeInt(a.length);
            out.ensure(8L * a.length);
            ByteBuffer.wrap(out.buf, out.size, 8 * a.length).asLongBuffer().put(a);
            out.size += 8 * a.length;
            return true;
        }
        if (c == double[].class) {
            double[] a = (double[]) v;
            out.write(DOUBLES);
            out.writeInt(a.length);
            out.ensure(8L * a.length);
            // raw bits, as doubleToRawLongBits: NaN payloads survive
            ByteBuffer.wrap(out.buf, out.size, 8 * a.length).asDoubleBuffer().put(a);
            out.size += 8 * a.length;
            return true;
        }
        if (c == ArrayList.class || c == Object[].class) {
            int start = out.size;
            Object[] a = c == ArrayList.class ? ((ArrayList<?>) v).toArray() : (Object[]) v;
            out.write(c == ArrayList.class ? LIST : OBJECTS);
            out.writeInt(a.length);
            for (Object e : a) {
                if (!writeLeaf(e, out)) {
                    out.size = start;
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean writeLeaf(Object v, Buffer out) {
        if (v == null) {
            out.write(NULL);
            return true;
        }
        Class<?> c = v.getClass();
        if (c == Integer.class) {
            out.ensure(5);
            out.buf[out.size++] = INT;
            Bytes.putInt(out.buf, out.size, (int) (Integer) v);
            out.size += 4;
        } else if (c == Long.class) {
            out.write(LONG);
            out.writeLong((Long) v);
        } else if (c == String.class) {
            byte[] b = ((String) v).getBytes(StandardCharsets.UTF_8);
            out.write(STRING);
            out.writeInt(b.length);
            out.write(b, 0, b.length);
        } else if (c == Double.class) {
            out.write(DOUBLE);
            out.writeLong(Double.doubleToRawLongBits((Double) v));
        } else if (c == Boolean.class) {
            out.write((Boolean) v ? TRUE : FALSE);
        } else if (c == byte[].class) {
            byte[] b = (byte[]) v;
            out.write(BYTES);
            out.writeInt(b.length);
            out.write(b, 0, b.length);
        } else if (c == Short.class) {
            out.write(SHORT);
            out.ensure(2);
            Bytes.putShort(out.buf, out.size, (short) (Short) v);
            out.size += 2;
        } else if (c == Byte.class) {
            out.write(BYTE);
            out.write((Byte) v);
        } else if (c == Float.class) {
            out.write(FLOAT);
            out.writeInt(Float.floatToRawIntBits((Float) v));
        } else if (c == Character.class) {
            out.write(CHAR);
            out.ensure(2);
            Bytes.putShort(out.buf, out.size, (short) (char) (Character) v);
            out.size += 2;
        } else {
            return false;
        }
        return true;
    }

    @Override
    public Object decode(byte[] data, int offset, int length) throws DecodingException {
        if (length <= 0) throw new DecodingException("empty message: nothing to decode", null);
        if (offset < 0 || offset + length > data.length) throw new IndexOutOfBoundsException();
        if (data[offset] == JAVA) return readJava(data, offset + 1, length - 1);
        Reader r = new Reader(data, offset, offset + length);
        try {
            Object v = r.value();
            if (r.pos != r.end) throw new DecodingException("malformed message: " + (r.end - r.pos) + " trailing bytes", null);
            return v;
        } catch (IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new DecodingException("malformed or truncated message (" + length + " bytes)", e);
        }
    }

    private static final class Reader {
        final byte[] b;
        int pos;
        final int end;

        Reader(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        int count(int width) throws DecodingException {
            int n = i32();
            if (n < 0 || (long) n * width > end - pos) {
                throw new DecodingException("malformed message: a length of " + n + " does not fit in "
                        + (end - pos) + " remaining bytes", null);
            }
            return n;
        }

        int i32() {
            check(4);
            int v = Bytes.getInt(b, pos);
            pos += 4;
            return v;
        }

        long i64() {
            check(8);
            long v = Bytes.getLong(b, pos);
            pos += 8;
            return v;
        }

        void check(int n) {
            if (pos + n > end) throw new IndexOutOfBoundsException();
        }

        Object value() throws DecodingException {
            check(1);
            byte tag = b[pos++];
            switch (tag) {
                case NULL: return null;
                case INT: return i32();
                case LONG: return i64();
                case DOUBLE: return Double.longBitsToDouble(i64());
                case TRUE: return Boolean.TRUE;
                case FALSE: return Boolean.FALSE;
                case STRING: {
                    int n = count(1);
                    String s = new String(b, pos, n, StandardCharsets.UTF_8);
                    pos += n;
                    return s;
                }
                case BYTES: {
                    int n = count(1);
                    byte[] a = java.util.Arrays.copyOfRange(b, pos, pos + n);
                    pos += n;
                    return a;
                }
                case INTS: {
                    int[] a = new int[count(4)];
                    ByteBuffer.wrap(b, pos, 4 * a.length).asIntBuffer().get(a);
                    pos += 4 * a.length;
                    return a;
                }
                case LONGS: {
                    long[] a = new long[count(8)];
                    ByteBuffer.wrap(b, pos, 8 * a.length).asLongBuffer().get(a);
                    pos += 8 * a.length;
                    return a;
                }
                case DOUBLES: {
                    double[] a = new double[count(8)];
                    ByteBuffer.wrap(b, pos, 8 * a.length).asDoubleBuffer().get(a);
                    pos += 8 * a.length;
                    return a;
                }
                case LIST, OBJECTS: {
                    int n = count(1);
                    Object[] a = new Object[n];
                    for (int i = 0; i < n; i++) a[i] = leaf();
                    return tag == OBJECTS ? a : new ArrayList<>(java.util.Arrays.asList(a));
                }
                case SHORT: {
                    check(2);
                    short s = Bytes.getShort(b, pos);
                    pos += 2;
                    return s;
                }
                case BYTE: check(1); return b[pos++];
                case FLOAT: return Float.intBitsToFloat(i32());
                case CHAR: {
                    check(2);
                    char ch = (char) Bytes.getShort(b, pos);
                    pos += 2;
                    return ch;
                }
                default: throw new DecodingException("malformed message: unknown tag " + tag, null);
            }
        }

        Object leaf() throws DecodingException {
            byte tag = b[pos];
            if (tag == LIST || tag == OBJECTS || tag == INTS || tag == LONGS || tag == DOUBLES || tag == JAVA) {
                throw new DecodingException("malformed message: nested container tag " + tag, null);
            }
            return value();
        }
    }
}
