package org.multiprocessing4j.hazelcast.internal;

import org.multiprocessing4j.codec.Codec;
import org.multiprocessing4j.codec.DecodingException;
import org.multiprocessing4j.codec.EncodingException;
import org.multiprocessing4j.internal.process.CodecLoader;

/**
 * The codec of worker JVMs hosted by a member: the client's codec (named by the system property
 * {@value #CODEC_PROPERTY}, default {@link Codec#defaultCodec()}), loaded in the worker where the client's class
 * path is, and a decoding failure over a missing class explained: which class, and which class path the worker
 * got from the client.
 */
public final class ClusterCodec implements Codec {
    public static final String CODEC_PROPERTY = "mp4j.cluster.codec";
    public static final String SHIPPED_PROPERTY = "mp4j.cluster.shipped";
    public static final String MEMBER_PROPERTY = "mp4j.cluster.member";

    private volatile Codec delegate;

    public ClusterCodec() {}

    private Codec delegate() {
        Codec d = delegate;
        if (d == null) {
            String name = System.getProperty(CODEC_PROPERTY, "");
            if (name.isEmpty()) {
                d = Codec.defaultCodec();
            } else {
                try {
                    d = CodecLoader.load(name);
                } catch (ReflectiveOperationException | ClassCastException e) {
                    throw new IllegalStateException("cannot load the client's codec " + name + " in this worker: " + e, e);
                }
            }
            delegate = d;
        }
        return d;
    }

    @Override
    public byte[] encode(Object value) throws EncodingException {
        return delegate().encode(value);
    }

    @Override
    public Object decode(byte[] data, int offset, int length) throws DecodingException {
        try {
            return delegate().decode(data, offset, length);
        } catch (DecodingException e) {
            String missing = missingClass(e);
            if (missing == null) throw e;
            throw new DecodingException("class " + missing + " is not on the class path of this worker on member "
                    + System.getProperty(MEMBER_PROPERTY, "?") + ", which is multiprocessing4j, Hazelcast and what the "
                    + "client shipped: " + System.getProperty(SHIPPED_PROPERTY, "(nothing)") + ". Classes loaded "
                    + "from elsewhere on the client (a class loader that is not on java.class.path, or classes made at "
                    + "run time) do not travel: give their jars with Context.builder().classPath(...) in the cluster "
                    + "context", e);
        }
    }

    /** The name of the class whose absence made decoding fail, or null. */
    static String missingClass(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ClassNotFoundException c) return c.getMessage();
            if (t instanceof NoClassDefFoundError n) return n.getMessage() == null ? "?" : n.getMessage().replace('/', '.');
        }
        return null;
    }
}
