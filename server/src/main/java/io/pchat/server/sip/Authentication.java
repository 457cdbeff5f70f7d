package io.pchat.server.sip;

import java.util.List;
import java.util.Objects;

/**
 * What authenticating an INVITE decided: who the client is, a Digest challenge to answer with
 * 401, or a refusal. Exactly one of the three.
 */
public sealed interface Authentication permits Authentication.Identified, Authentication.Challenged, Authentication.Refused {

    /** The client is {@code user}; the identity is fixed for the dialog. */
    record Identified(AddressOfRecord user) implements Authentication {
        public Identified {
            Objects.requireNonNull(user, "user");
        }
    }

    /** Answer 401 with one {@code WWW-Authenticate} header per value, in this order. */
    record Challenged(List<String> wwwAuthenticate) implements Authentication {
        public Challenged {
            wwwAuthenticate = List.copyOf(wwwAuthenticate);
        }
    }

    /** Answer with {@code status} (400 or 403) and {@code reason}. */
    record Refused(int status, String reason) implements Authentication {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
