package io.pchat.protocol.xccos;

import java.time.Instant;

/**
 * {@code <sib ../>}: server information. The request ({@code cmd:getserverinfo}) carries
 * {@code domain} and {@code infoType}; the reply carries the node's settings:
 * {@code <sib infoType="123" serverTime=".." searchLimit="999" messageSizeLimit="512"
 * storySizeLimit="4096" rootUri="ma-cat://D/<id>" dbVersion=".." displayName=".."
 * roomManagementUrl=".."/>}.
 *
 * <p>Invariants: every attribute may be null (absent); the limits are not negative;
 * {@code serverTime} is within years 0000..9999 and cut to 100 ns.
 */
public record Sib(String domain, String infoType, Instant serverTime, Integer searchLimit,
        Integer messageSizeLimit, Integer storySizeLimit, String rootUri, String dbVersion,
        String displayName, String roomManagementUrl) implements DataBlock {

    public Sib {
        serverTime = XccosTime.requireRepresentable("serverTime", serverTime);
        Numbers.requireNonNegative("searchLimit", searchLimit);
        Numbers.requireNonNegative("messageSizeLimit", messageSizeLimit);
        Numbers.requireNonNegative("storySizeLimit", storySizeLimit);
    }

    /** The request form, {@code <sib domain="D" infoType="123"/>}. */
    public static Sib request(String domain, String infoType) {
        return new Sib(domain, infoType, null, null, null, null, null, null, null, null);
    }
}
