package io.pchat.server.sip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.pchat.protocol.sip.SipFrame;
import io.pchat.protocol.sip.SipFrameDecoder;
import io.pchat.protocol.sip.SipMessageParser;
import io.pchat.protocol.sip.SipParseResult;

/**
 * A deliberately simple SIP client for tests: a blocking TCP socket that writes SIP text as given
 * and reads what comes back through the production {@link SipFrameDecoder} and
 * {@link SipMessageParser}. It keeps every received message and every received byte, so a test
 * can wait for the response or node request it expects and also check raw traffic (keep-alive
 * pongs). Reusable by end-to-end tests; {@link ClientDialog} builds dialogs on it.
 *
 * <p>Invariant: one reader thread owns the socket's input and the decoder; the received lists are
 * guarded by this object. Every wait is bounded ({@link #TIMEOUT} unless given).
 */
public final class SipTestClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final OutputStream out;
    private final Thread reader;
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final List<SIPMessage> received = new ArrayList<>();
    private final List<String> invalid = new ArrayList<>();
    private boolean closed;

    private SipTestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.reader = new Thread(this::readLoop, "sip-test-client-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects to 127.0.0.1:{@code port}. */
    public static SipTestClient connect(int port) {
        try {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
            return new SipTestClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:<local port>}, for Via and Contact. */
    public String hostPort() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** Writes a message; lines may end in LF only, they are sent as CRLF. The body is sent as is. */
    public void send(String headerBlock, byte[] body) {
        String crlf = headerBlock.replace("\r\n", "\n").replace("\n", "\r\n");
        if (!crlf.endsWith("\r\n\r\n")) {
            crlf = crlf.endsWith("\r\n") ? crlf + "\r\n" : crlf + "\r\n\r\n";
        }
        byte[] head = crlf.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        sendRaw(all);
    }

    public void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next unconsumed response matching {@code filter}, removed from the received list. */
    public SIPResponse awaitResponse(Predicate<SIPResponse> filter) {
        return (SIPResponse) awaitMessage(m -> m instanceof SIPResponse r && filter.test(r), TIMEOUT);
    }

    /** The next unconsumed response to the request with this Call-ID and CSeq number. */
    public SIPResponse awaitResponse(String callId, long cseq) {
        return awaitResponse(r -> r.getCallId().getCallId().equals(callId) && r.getCSeq().getSeqNumber() == cseq);
    }

    /** The next unconsumed request of {@code method} from the node. */
    public SIPRequest awaitRequest(String method) {
        return awaitRequest(method, TIMEOUT);
    }

    public SIPRequest awaitRequest(String method, Duration timeout) {
        return (SIPRequest) awaitMessage(m -> m instanceof SIPRequest r && r.getMethod().equals(method), timeout);
    }

    /** Whether a request of {@code method} arrives within {@code wait} (it stays unconsumed). */
    public synchronized boolean receivesRequestWithin(String method, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            for (SIPMessage m : received) {
                if (m instanceof SIPRequest r && r.getMethod().equals(method)) {
                    return true;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    private synchronized SIPMessage awaitMessage(Predicate<SIPMessage> filter, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                for (Iterator<SIPMessage> it = received.iterator(); it.hasNext(); ) {
                    SIPMessage m = it.next();
                    if (filter.test(m)) {
                        it.remove();
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    throw new AssertionError("no matching message within " + timeout + (closed ? " (connection closed)" : "")
                            + "; unconsumed: " + received + ", unparseable: " + invalid);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Every byte received so far, as text. */
    public synchronized String rawText() {
        return raw.toString(StandardCharsets.UTF_8);
    }

    /** Waits until the server has closed the connection; false if it is still open after {@code timeout}. */
    public synchronized boolean awaitClosed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Closes with an RST (SO_LINGER 0), as a client that logs out abruptly does. */
    public void reset() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void readLoop() {
        EmbeddedChannel decoder = new EmbeddedChannel(new SipFrameDecoder());
        SipMessageParser parser = new SipMessageParser();
        byte[] buffer = new byte[8192];
        try (InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (this) {
                    raw.write(buffer, 0, n);
                }
                decoder.writeInbound(Unpooled.copiedBuffer(buffer, 0, n));
                Object frame;
                while ((frame = decoder.readInbound()) != null) {
                    try {
                        if (frame instanceof SipFrame.Message message) {
                            SipParseResult result = parser.parse(message);
                            synchronized (this) {
                                if (result instanceof SipParseResult.Parsed parsed) {
                                    received.add(parsed.message());
                                } else {
                                    invalid.add(((SipParseResult.Invalid) result).problem());
                                }
                                notifyAll();
                            }
                        }
                    } finally {
                        ReferenceCountUtil.release(frame);
                    }
                }
            }
        } catch (IOException e) {
            // the connection ended; fall through
        } finally {
            decoder.finishAndReleaseAll();
            synchronized (this) {
                closed = true;
                notifyAll();
            }
        }
    }
}
