package org.multiprocessing4j.internal.managers;

import java.io.IOException;
import java.net.SocketAddress;

import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Listener;

/** What a manager's server process runs: bind, report the address (or the failure) to the parent, serve. */
public final class ManagerMain {
    private ManagerMain() {}

    public static void run(ManagerServer.Spec spec, Connection report) {
        Listener l;
        try {
            l = Listener.bind(new Endpoint(parse(spec.address()), spec.authkey()).socketAddress(), spec.authkey());
        } catch (IOException | RuntimeException e) {
            sendQuietly(report, "err:cannot listen on " + spec.address() + ": " + e);
            return;
        }
        ManagerServer server = new ManagerServer(l, spec.registered());
        sendQuietly(report, "ok:" + new Endpoint(l.address(), spec.authkey()).address());
        report.close();
        server.serveForever();
    }

    /** The inverse of {@link Endpoint#address()}. */
    static SocketAddress parse(String address) {
        if (address.startsWith("unix:")) return java.net.UnixDomainSocketAddress.of(address.substring(5));
        String hp = address.substring(4);
        int colon = hp.lastIndexOf(':');
        return new java.net.InetSocketAddress(hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1)));
    }

    public static SocketAddress address(String described) {
        return parse(described);
    }

    private static void sendQuietly(Connection c, String s) {
        try {
            c.send(s);
        } catch (IOException e) {
            // the parent is gone
        }
    }
}
