package io.computenet.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback that forwards every connection on one port to another, and that can be cut: {@link #cut()}
 * drops every open connection and refuses new ones (as a network partition does, seen from the client: its
 * connections break and reconnects fail) until {@link #restore()}. The fault suite puts one between the node agents
 * and the broker, so a partition needs no root (no iptables, no network namespace) and cuts nothing else.
 */
public final class LoopbackProxy implements AutoCloseable {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** How long {@link #cut()} waits for the accepting thread to leave {@code accept}. */
    private static final java.time.Duration ACCEPTOR_END = java.time.Duration.ofSeconds(5);

    private final int port;
    private final int target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private ServerSocket server;
    private Thread acceptor;

    private LoopbackProxy(int port, int target) {
        this.port = port;
        this.target = target;
    }

    /** Listens on {@code port} and forwards to {@code target}, both on 127.0.0.1. */
    public static LoopbackProxy start(int port, int target) {
        LoopbackProxy proxy = new LoopbackProxy(port, target);
        proxy.listen();
        return proxy;
    }

    private synchronized void listen() {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(LOOPBACK, port));
            server = s;
            acceptor = daemon("proxy-accept-" + port, () -> acceptLoop(s));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            Socket client;
            try {
                client = s.accept();
            } catch (IOException e) {
                return; // closed by cut()
            }
            if (s.isClosed()) { // accepted while cut() closed the socket: refused all the same
                closeQuietly(client);
                return;
            }
            Socket upstream;
            try {
                upstream = new Socket(LOOPBACK, target);
            } catch (IOException e) {
                closeQuietly(client);
                continue;
            }
            synchronized (this) {
                if (s.isClosed()) { // cut while this one connected: it is cut too
                    closeQuietly(client);
                    closeQuietly(upstream);
                    return;
                }
                open.add(client);
                open.add(upstream);
            }
            daemon("proxy-up-" + port, () -> pump(client, upstream));
            daemon("proxy-down-" + port, () -> pump(upstream, client));
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed or was cut: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    /**
     * Drops every open connection and refuses new ones until {@link #restore()}; cutting twice is fine. Returns once
     * the port is let go: closing a listening socket while its thread waits in {@code accept} leaves the kernel's
     * socket listening until that wait ends (a connection made in between is accepted and closed at once), so this
     * waits for the accepting thread to end.
     */
    public void cut() {
        Thread accepting;
        synchronized (this) {
            accepting = acceptor;
            acceptor = null;
            if (server != null) {
                closeQuietly(server);
                server = null;
            }
            open.forEach(LoopbackProxy::closeQuietly);
            open.clear();
        }
        if (accepting != null && accepting != Thread.currentThread()) {
            try {
                accepting.join(ACCEPTOR_END.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Accepts connections again on the same port after {@link #cut()}; restoring an uncut proxy does nothing. */
    public synchronized void restore() {
        if (server == null) {
            listen();
        }
    }

    public synchronized boolean isCut() {
        return server == null;
    }

    public int port() {
        return port;
    }

    /** How many connections the proxy holds now (each forwarded connection counts twice: client and upstream). */
    int openSockets() {
        return open.size();
    }

    private static Thread daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
    }
}
