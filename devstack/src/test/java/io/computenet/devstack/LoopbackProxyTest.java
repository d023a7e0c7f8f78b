package io.computenet.devstack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class LoopbackProxyTest {

    private ServerSocket echo;
    private final AtomicInteger echoAccepts = new AtomicInteger();
    private LoopbackProxy proxy;

    @BeforeEach
    void startEchoServerBehindAProxy() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    echoAccepts.incrementAndGet();
                    Thread e = new Thread(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException ignored) {
                            // the client went away
                        }
                    });
                    e.setDaemon(true);
                    e.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        proxy = LoopbackProxy.start(Ports.free(), echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()), 2000);
        s.setSoTimeout(5000);
        return s;
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes());
        s.getOutputStream().flush();
        return new String(s.getInputStream().readNBytes(text.length()));
    }

    /** The next byte, or -1 when the connection ended (closed or reset). */
    private static int readOrEnd(Socket s) {
        try {
            return s.getInputStream().read();
        } catch (IOException reset) {
            return -1;
        }
    }

    /**
     * Whether a connection to the cut proxy's port finds no path through the proxy to the echo server. Nothing of
     * the proxy listens there, so the connection is usually refused. Two other outcomes are no path either: the kernel
     * may pick that very port as the client's own and connect the socket to itself (TCP simultaneous open), and once
     * the proxy let the port go any other program may bind it. So a connection that does open must not reach the echo
     * server: the byte written gets no echo and the echo server accepts nothing new. (The proxy itself once let one
     * more connection in after a cut, accepted by the thread still waiting in {@code accept}: that is why
     * {@link LoopbackProxy#cut()} waits for that thread, and why this check counts the echo server's accepts.)
     */
    private boolean noPathThroughTheProxy() throws IOException {
        int acceptsBefore = echoAccepts.get();
        try (Socket s = connect()) {
            if (s.getLocalPort() == s.getPort()) {
                return true;
            }
            s.setSoTimeout(1000);
            s.getOutputStream().write('x');
            s.getOutputStream().flush();
            boolean echoed;
            try {
                echoed = s.getInputStream().read() == 'x';
            } catch (SocketTimeoutException | java.net.SocketException silentOrReset) {
                echoed = false;
            }
            return !echoed && echoAccepts.get() == acceptsBefore && proxy.openSockets() == 0;
        } catch (java.net.ConnectException refused) {
            return true;
        }
    }

    @Test
    void forwardsBytesBothWays() throws IOException {
        // when
        try (Socket s = connect()) {
            // then
            assertThat(roundTrip(s, "hello")).isEqualTo("hello");
        }
    }

    @Test
    void aCutDropsOpenConnectionsAndRefusesNewOnesUntilRestored() throws IOException {
        // given: a connection through the proxy
        try (Socket before = connect()) {
            assertThat(roundTrip(before, "a")).isEqualTo("a");

            // when
            proxy.cut();

            // then: the open connection is broken, a new one is refused
            assertThat(proxy.isCut()).isTrue();
            assertThat(readOrEnd(before)).isEqualTo(-1);
            assertThat(proxy.openSockets()).isZero();
            assertThat(noPathThroughTheProxy()).as("a new connection while cut").isTrue();
        }

        // when: restored on the same port
        proxy.restore();

        // then
        try (Socket after = connect()) {
            assertThat(proxy.isCut()).isFalse();
            assertThat(roundTrip(after, "again")).isEqualTo("again");
        }
    }
}
