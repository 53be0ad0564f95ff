package dev.agentry.mcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Secret;
import dev.agentry.core.Trust;
import dev.agentry.mcp.McpCredential;
import java.util.List;
import org.junit.jupiter.api.Test;

class BearerAuthFilterTest {
    private final McpCredential owner = McpCredential.http("owner", Secret.of("owner-token-0123456789", "${A}"), Trust.OWNER);
    private final McpCredential stranger = McpCredential.http("stranger", Secret.of("stranger-token-0123456789", "${B}"), Trust.UNTRUSTED);
    private final BearerAuthFilter filter = new BearerAuthFilter(List.of(owner, stranger, McpCredential.stdio("desktop", Trust.OWNER)));

    @Test
    void aKnownTokenAuthenticatesItsCredentialAndNothingElseDoes() {
        assertThat(filter.authenticate("Bearer owner-token-0123456789")).contains(owner);
        assertThat(filter.authenticate("bearer stranger-token-0123456789")).contains(stranger);
        assertThat(filter.authenticate("Bearer owner-token-0123456788")).isEmpty();
        assertThat(filter.authenticate("owner-token-0123456789")).isEmpty();
        assertThat(filter.authenticate("Basic b3duZXI6eA==")).isEmpty();
        assertThat(filter.authenticate("Bearer ")).isEmpty();
        assertThat(filter.authenticate(null)).isEmpty();
    }
}
