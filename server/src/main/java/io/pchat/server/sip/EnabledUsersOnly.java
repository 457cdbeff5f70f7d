package io.pchat.server.sip;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPRequest;
import io.pchat.server.session.UserCredentials;

/**
 * Whoever the INVITE turns out to be, a user disabled for persistent chat gets no session:
 * {@code 403 User Disabled For Persistent Chat}, a refusal a client can show as it is (the XCCOS
 * result texts of a command are fixed, so a disabled user's first command could only say
 * {@code ERROR_PERMISSION}). The directory lookup runs on {@code lookups}, never an event loop;
 * when it fails the user is taken as enabled, as the chat service does at the session's start.
 */
final class EnabledUsersOnly implements InviteAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(EnabledUsersOnly.class);
    static final Authentication.Refused DISABLED = new Authentication.Refused(403, "User Disabled For Persistent Chat");

    private final InviteAuthenticator identify;
    private final UserCredentials users;
    private final Executor lookups;

    EnabledUsersOnly(InviteAuthenticator identify, UserCredentials users, Executor lookups) {
        this.identify = identify;
        this.users = users;
        this.lookups = lookups;
    }

    @Override
    public CompletionStage<Authentication> authenticate(SIPRequest invite, InetAddress peer) {
        return identify.authenticate(invite, peer).thenCompose(outcome -> {
            if (!(outcome instanceof Authentication.Identified identified)) {
                return CompletableFuture.completedFuture(outcome);
            }
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return users.disabled(identified.user().uri()) ? DISABLED : outcome;
                } catch (RuntimeException e) {
                    log.warn("cannot read user {}; treating as enabled: {}", identified.user(), e.toString());
                    return outcome;
                }
            }, lookups);
        });
    }
}
