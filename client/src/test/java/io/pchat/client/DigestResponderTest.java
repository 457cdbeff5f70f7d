package io.pchat.client;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Digest answer, against the worked examples of RFC 7616 section 3.9.1. */
class DigestResponderTest {

    private static final String RFC7616_CHALLENGE_TAIL = " realm=\"http-auth@example.org\", qop=\"auth, auth-int\","
            + " nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\","
            + " opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
    private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    private final DigestResponder mufasa = new DigestResponder("Mufasa", "Circle of Life");

    @Test
    void sha256ResponseMatchesRfc7616() {
        DigestChallenge c = DigestChallenge.parse("Digest algorithm=SHA-256," + RFC7616_CHALLENGE_TAIL).orElseThrow();
        assertThat(mufasa.authorization(c, "GET", "/dir/index.html", CNONCE))
                .contains("response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\"")
                .contains("qop=auth", "nc=00000001", "cnonce=\"" + CNONCE + "\"", "algorithm=SHA-256",
                        "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
    }

    @Test
    void md5ResponseMatchesRfc7616() {
        DigestChallenge c = DigestChallenge.parse("Digest algorithm=MD5," + RFC7616_CHALLENGE_TAIL).orElseThrow();
        assertThat(mufasa.authorization(c, "GET", "/dir/index.html", CNONCE))
                .contains("response=\"8ca523f5e9506fed4657c9700eebdbec\"");
    }

    @Test
    void aChallengeWithoutAlgorithmIsMd5AndWithoutQopUsesTheRfc2069Form() {
        DigestChallenge c = DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\"").orElseThrow();
        assertThat(c.algorithm()).isEqualTo("MD5");
        assertThat(c.qops()).isEmpty();
        String expected = DigestResponder.hash("MD5", DigestResponder.hash("MD5", "Mufasa:r:Circle of Life") + ":n:"
                + DigestResponder.hash("MD5", "INVITE:sip:x"));
        assertThat(mufasa.authorization(c, "INVITE", "sip:x")).contains("response=\"" + expected + "\"").doesNotContain("qop");
    }

    @Test
    void prefersSha256ThenMd5AndIgnoresOthers() {
        DigestChallenge md5 = DigestChallenge.parse("Digest realm=\"r\", nonce=\"1\", algorithm=MD5").orElseThrow();
        DigestChallenge sha = DigestChallenge.parse("Digest realm=\"r\", nonce=\"2\", algorithm=sha-256").orElseThrow();
        DigestChallenge other = DigestChallenge.parse("Digest realm=\"r\", nonce=\"3\", algorithm=SHA-512-256").orElseThrow();
        assertThat(DigestResponder.choose(List.of(md5, other, sha))).contains(sha);
        assertThat(DigestResponder.choose(List.of(other, md5))).contains(md5);
        assertThat(DigestResponder.choose(List.of(other))).isEmpty();
    }

    @Test
    void parsingIsLiberalAboutCaseSpacingAndQuotes() {
        DigestChallenge c = DigestChallenge.parse("digest  REALM=\"a, \\\"b\\\"\" ,NONCE=xyz,qop=auth").orElseThrow();
        assertThat(c.realm()).isEqualTo("a, \"b\"");
        assertThat(c.nonce()).isEqualTo("xyz");
        assertThat(c.qops()).containsExactly("auth");
        assertThat(DigestChallenge.parse("Basic realm=\"x\"")).isEmpty();
        assertThat(DigestChallenge.parse("Digest nonce=\"x\"")).as("no realm").isEmpty();
    }
}
