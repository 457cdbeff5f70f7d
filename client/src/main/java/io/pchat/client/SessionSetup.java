package io.pchat.client;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.pchat.protocol.concurrent.AsyncCause;

/**
 * Sets up one client session: TCP connect, INVITE, at most one Digest answer to a 401, following
 * 302s to the first Contact for at most {@code maxRedirects} hops, then ACK.
 *
 * <p>Invariant: whatever the outcome, no connection is left open except the one handed over in
 * {@link Established}; every failure is a {@link SessionRefusedException}, a
 * {@link java.util.concurrent.TimeoutException}, a {@link ConnectionLostException} or the connect
 * error.
 */
final class SessionSetup {

    private static final Logger log = LoggerFactory.getLogger(SessionSetup.class);

    /**
     * A session the node accepted.
     *
     * @param grantedExpiresSeconds the Session-Expires of the 200, or the one asked for when absent
     */
    record Established(SipConnection connection, ClientDialog dialog, long grantedExpiresSeconds) {
    }

    private final ClientOptions options;
    private final EventLoopGroup group;
    private final SslContext tls;

    SessionSetup(ClientOptions options, EventLoopGroup group) {
        this.tls = options.tls() == null ? null : options.tls().context();
        this.options = options;
        this.group = group;
    }

    CompletableFuture<Established> run() {
        return attempt(options.host(), options.port(), options.maxRedirects());
    }

    private CompletableFuture<Established> attempt(String host, int port, int redirectsLeft) {
        return SipConnection.open(group, host, port, options.localAddress(), options.connectTimeout(), tls)
                .thenCompose(connection -> {
                    CompletableFuture<Established> done = new CompletableFuture<>();
                    connection.execute(() -> {
                        ClientDialog dialog = new ClientDialog(options.user(), options.serviceUri(),
                                connection.localAddress());
                        invite(connection, dialog, null, done);
                    });
                    done.whenComplete((established, error) -> {
                        if (error != null) {
                            connection.close("session setup failed");
                        }
                    });
                    return done;
                })
                .exceptionallyCompose(error -> {
                    Throwable cause = AsyncCause.of(error);
                    if (cause instanceof Redirected redirect) {
                        if (redirectsLeft <= 0) {
                            return CompletableFuture.failedFuture(
                                    new SessionRefusedException(302, "too many redirects (last to " + redirect.uri + ")"));
                        }
                        log.debug("redirected to {}", redirect.uri);
                        return attempt(redirect.host, redirect.port, redirectsLeft - 1);
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    /** Sends the INVITE and reacts to its final response; runs on the connection's event loop. */
    private void invite(SipConnection connection, ClientDialog dialog, String authorization,
            CompletableFuture<Established> done) {
        long expires = options.sessionExpires().toSeconds();
        OutgoingRequest invite = dialog.invite(expires, authorization);
        connection.send(invite, options.connectTimeout()).whenComplete((response, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
                return;
            }
            int status = response.getStatusCode();
            if (status / 100 == 2) {
                dialog.establish(response);
                connection.sendWithoutResponse(dialog.ack(invite, response));
                done.complete(new Established(connection, dialog,
                        sessionExpires(response).orElse(expires)));
                return;
            }
            connection.sendWithoutResponse(dialog.ack(invite, response));
            if (status == 401 && authorization == null) {
                answerChallenge(connection, dialog, invite, response, done);
            } else if (status / 100 == 3) {
                done.completeExceptionally(redirect(response));
            } else {
                done.completeExceptionally(new SessionRefusedException(status, response.getReasonPhrase()));
            }
        });
    }

    private void answerChallenge(SipConnection connection, ClientDialog dialog, OutgoingRequest invite,
            SIPResponse challenge, CompletableFuture<Established> done) {
        if (options.password() == null) {
            done.completeExceptionally(new SessionRefusedException(challenge.getStatusCode(),
                    "the node wants a password and none was given"));
            return;
        }
        List<DigestChallenge> offered = new ArrayList<>();
        ListIterator<?> it = challenge.getHeaders("WWW-Authenticate");
        while (it != null && it.hasNext()) {
            DigestChallenge.parse(((SIPHeader) it.next()).getHeaderValue()).ifPresent(offered::add);
        }
        Optional<DigestChallenge> chosen = DigestResponder.choose(offered);
        if (chosen.isEmpty()) {
            done.completeExceptionally(new SessionRefusedException(challenge.getStatusCode(),
                    "no Digest challenge with SHA-256 or MD5"));
            return;
        }
        String authorization = new DigestResponder(options.digestUsername(), options.password())
                .authorization(chosen.get(), "INVITE", invite.requestUri());
        // Same Call-ID and From tag, next CSeq: the node sees the same attempt, now with credentials.
        invite(connection, dialog, authorization, done);
    }

    /** The granted Session-Expires seconds of a 2xx, if it has one. */
    static Optional<Long> sessionExpires(SIPResponse response) {
        SIPHeader header = (SIPHeader) response.getHeader("Session-Expires");
        if (header == null) {
            header = (SIPHeader) response.getHeader("x");
        }
        if (header == null) {
            return Optional.empty();
        }
        String value = header.getHeaderValue().strip();
        int end = 0;
        while (end < value.length() && Character.isDigit(value.charAt(end))) {
            end++;
        }
        if (end == 0 || end > 9) {
            return Optional.empty();
        }
        long seconds = Long.parseLong(value.substring(0, end));
        return seconds > 0 ? Optional.of(seconds) : Optional.empty();
    }

    private static Throwable redirect(SIPResponse response) {
        ContactHeader contact = (ContactHeader) response.getHeader(ContactHeader.NAME);
        if (contact == null || !(contact.getAddress().getURI() instanceof SipURI uri)) {
            return new SessionRefusedException(response.getStatusCode(), "redirect without a sip: Contact");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : ClientOptions.DEFAULT_PORT;
        return new Redirected(uri.getHost(), port, uri.toString());
    }


    /** Internal signal: the node sent us elsewhere. Never escapes {@link #run()}. */
    private static final class Redirected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String host;
        final int port;
        final String uri;

        Redirected(String host, int port, String uri) {
            super("redirected to " + uri, null, false, false);
            this.host = host;
            this.port = port;
            this.uri = uri;
        }
    }
}
