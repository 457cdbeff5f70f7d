package io.pchat.server.pool;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.net.ssl.SSLPeerUnverifiedException;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.pchat.server.tls.PoolCertificates;

/**
 * Who the peer of a node-link connection proved to be: under mutual TLS, the member id its
 * certificate names (the subject CN, see {@link PoolCertificates}). A Hello is believed only when
 * it names that member: the CA vouches that the certificate belongs to the pool, the pin that it
 * belongs to that node. Without TLS (loopback only, {@code pool.link.tls: false}) nothing is proved
 * and the Hello is taken at its word.
 */
final class LinkIdentity {
    private LinkIdentity() {
    }

    /** Why {@code claimed} is not believed on {@code channel}, or empty when it is (or nothing can be proved). */
    static Optional<String> mismatch(Channel channel, String claimed) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null) {
            return Optional.empty();
        }
        Certificate[] chain;
        try {
            chain = tls.engine().getSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.of("it presented no certificate");
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
            return Optional.of("it presented no X.509 certificate");
        }
        Optional<String> proven = PoolCertificates.memberId(certificate);
        if (proven.isEmpty() || !proven.get().equals(claimed)) {
            return Optional.of("its certificate is " + proven.map(p -> "for '" + p + "'").orElse("for no member")
                    + ", not for '" + claimed + "'");
        }
        return Optional.empty();
    }
}
