package dev.agentry.tools.social;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Secret;
import dev.agentry.tools.social.internal.OAuth1Signer;
import dev.agentry.tools.social.internal.Url;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signer against the worked example of X's "Creating a signature" documentation. */
class OAuth1SignerTest {
    private final OAuth1Signer signer = new OAuth1Signer(
            Secret.of("xvz1evFS4wEEPTGEFPHBog", "test"),
            Secret.of("kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw", "test"),
            Secret.of("370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", "test"),
            Secret.of("LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE", "test"),
            Clock.systemUTC());

    @Test
    void signsTheDocumentedExample() {
        String signature = signer.sign("POST", "https://api.twitter.com/1.1/statuses/update.json", List.of(
                new String[] {"status", "Hello Ladies + Gentlemen, a signed OAuth request!"},
                new String[] {"include_entities", "true"},
                new String[] {"oauth_consumer_key", "xvz1evFS4wEEPTGEFPHBog"},
                new String[] {"oauth_nonce", "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"},
                new String[] {"oauth_signature_method", "HMAC-SHA1"},
                new String[] {"oauth_timestamp", "1318622958"},
                new String[] {"oauth_token", "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"},
                new String[] {"oauth_version", "1.0"}));
        assertThat(signature).isEqualTo("hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
    }

    @Test
    void buildsTheDocumentedAuthorizationHeader() {
        Url url = Url.of("https://api.twitter.com", "1.1/statuses/update.json").query("include_entities", "true");
        String header = signer.authorization("POST", url,
                Map.of("status", "Hello Ladies + Gentlemen, a signed OAuth request!"),
                "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", "1318622958");
        assertThat(header).isEqualTo("OAuth oauth_consumer_key=\"xvz1evFS4wEEPTGEFPHBog\", "
                + "oauth_nonce=\"kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg\", "
                + "oauth_signature=\"hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D\", "
                + "oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"1318622958\", "
                + "oauth_token=\"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb\", oauth_version=\"1.0\"");
        assertThat(signer.toString()).doesNotContain("xvz1");
    }
}
