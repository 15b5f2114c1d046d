package org.multiprocessing4j.internal.codec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;

import org.multiprocessing4j.codec.Codec;
import org.multiprocessing4j.codec.DecodingException;
import org.multiprocessing4j.codec.EncodingException;

/** JDK serialization with a deserialization filter; classes resolve through the thread's context loader first. */
public class JavaSerializationCodec implements Codec {
    /** Used when the JVM has no serial filter: limits only, every class allowed (peers are authenticated). */
    static final ObjectInputFilter LIMITS = ObjectInputFilter.Config.createFilter("maxdepth=5000;maxrefs=50000000");

    private final ObjectInputFilter filter;

    public JavaSerializationCodec(ObjectInputFilter filter) {
        this.filter = filter;
    }

    /** The JVM-wide filter when one is set, else {@link #LIMITS}. */
    public static ObjectInputFilter defaultFilter() {
        ObjectInputFilter global = ObjectInputFilter.Config.getSerialFilter();
        return global != null ? global : LIMITS;
    }

    @Override
    public byte[] encode(Object value) throws EncodingException {
        Buffer out = new Buffer(256);
        writeJava(value, out);
        return out.toByteArray();
    }

    @Override
    public Object decode(byte[] data, int offset, int length) throws DecodingException {
        return readJava(data, offset, length);
    }

    final void writeJava(Object value, OutputStream out) throws EncodingException {
        try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
            oos.writeObject(value);
        } catch (NotSerializableException e) {
            throw new EncodingException(GraphPath.describe(value, e.getMessage()), e);
        } catch (IOException | RuntimeException e) {
            throw new EncodingException("cannot encode a " + typeName(value) + ": " + e, e);
        }
    }

    final Object readJava(byte[] data, int offset, int length) throws DecodingException {
        try (ObjectInputStream in = new LoaderAwareInput(new ByteArrayInputStream(data, offset, length))) {
            in.setObjectInputFilter(filter);
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new DecodingException("class " + e.getMessage() + " is not on this JVM's class path, so an object "
                    + "of it that another process sent cannot be read here. A child or pool worker JVM gets its "
                    + "parent's class path; when the parent loaded that class from a class loader of its own (a plugin "
                    + "system, an application server, a Spring Boot jar), give the children the class path "
                    + "explicitly: Context.builder().classPath(...), and Pool.builder().context(...) for a pool. A "
                    + "program run from source (java Main.java) keeps its classes in memory, where no other JVM can "
                    + "load them: compile it with javac and run it from its class files", e);
        } catch (InvalidClassException e) {
            throw new DecodingException("cannot decode: " + e.getMessage()
                    + (e.getMessage() != null && e.getMessage().contains("REJECTED")
                            ? " (rejected by the deserialization filter)" : ""), e);
        } catch (IOException | RuntimeException e) {
            throw new DecodingException("malformed message (" + length + " bytes): " + e, e);
        }
    }

    static String typeName(Object v) {
        return v == null ? "null" : v.getClass().getName();
    }

    /** Resolves classes with the thread's context class loader first (frameworks, mvn exec:java). */
    static final class LoaderAwareInput extends ObjectInputStream {
        LoaderAwareInput(ByteArrayInputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader tccl = Thread.currentThread().getContextClassLoader();
            if (tccl != null) {
                try {
                    return Class.forName(desc.getName(), false, tccl);
                } catch (ClassNotFoundException ignored) {
                    // fall back to the default lookup (primitives, the caller's loader)
                }
            }
            return super.resolveClass(desc);
        }
    }
}
