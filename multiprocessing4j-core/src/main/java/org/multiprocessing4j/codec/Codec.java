package org.multiprocessing4j.codec;

import java.io.ObjectInputFilter;

import org.multiprocessing4j.internal.codec.FastPathCodec;
import org.multiprocessing4j.internal.codec.JavaSerializationCodec;

/**
 * Turns objects into bytes and back for every message that crosses a process boundary (connections, queues, pool
 * tasks and results).
 *
 * <p>Implementations must be thread-safe and stateless between calls: one instance serves every connection of a
 * context. Both ends of a connection must use the same codec. A custom codec is set with
 * {@code Context.builder().codec(...)} and reaches child processes by class name, so it needs a public no-argument
 * constructor or a public static {@code INSTANCE} field.
 */
public interface Codec {

    /**
     * Encodes a value.
     *
     * @param value the value, may be null
     * @return its encoding
     * @throws EncodingException if the value (or anything it references) cannot be encoded; the message names the
     *         class and where in the object graph it was found. Nothing has been sent.
     */
    byte[] encode(Object value) throws EncodingException;

    /**
     * Decodes a value from {@code length} bytes at {@code offset}.
     *
     * @param data the bytes
     * @param offset where the encoding starts in {@code data}
     * @param length the length of the encoding
     * @return the value
     * @throws DecodingException if the bytes are not a valid encoding, name a class that cannot be loaded, or are
     *         rejected by the deserialization filter
     */
    Object decode(byte[] data, int offset, int length) throws DecodingException;

    /**
     * The default codec: a compact fast path for {@code null}, boxed primitives, strings, primitive arrays and
     * {@code ArrayList}s or {@code Object[]}s of those, and JDK serialization for everything else, read through
     * the JVM-wide serial filter ({@code jdk.serialFilter}) when one is set and through depth and size limits
     * otherwise.
     *
     * @return the default codec, a shared instance
     */
    static Codec defaultCodec() {
        return FastPathCodec.INSTANCE;
    }

    /**
     * Plain JDK serialization for every value, read through {@code filter}. Use it to apply an allow-list, for
     * example {@code ObjectInputFilter.Config.createFilter("com.example.*;java.base/*;!*")}.
     *
     * @param filter the filter every decoded stream is read through
     * @return the codec
     */
    static Codec javaSerialization(ObjectInputFilter filter) {
        return new JavaSerializationCodec(filter);
    }
}
