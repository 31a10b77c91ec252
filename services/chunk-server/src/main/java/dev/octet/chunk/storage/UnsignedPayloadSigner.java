package dev.octet.chunk.storage;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * SigV4 with an unsigned payload ({@code UNSIGNED-PAYLOAD}), on plain-HTTP endpoints too. Over HTTP
 * the SDK otherwise signs every body it sends, block by block: one more SHA-256 over every byte and an
 * aws-chunked body the object store must decode and check. Chunks carry their own CRC32C per block
 * and SHA-256, verified on every hop and every read, so payload signing would add cost and nothing
 * else. The scheme (http or https) is not part of a SigV4 signature: the request is signed as the SDK
 * signs HTTPS requests, with the Host header it will really carry, and then sent unchanged.
 */
final class UnsignedPayloadSigner implements AwsV4HttpSigner {

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    @Override
    public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
        SdkHttpRequest original = request.request();
        SdkHttpRequest.Builder asHttps = original.toBuilder().protocol("https");
        if (original.firstMatchingHeader("Host").isEmpty()) {
            asHttps.putHeader("Host", SdkHttpUtils.isUsingStandardPort(original.protocol(), original.port())
                    ? original.host() : original.host() + ":" + original.port());
        }
        SignedRequest signed = signer.sign(request.copy(r -> r.request(asHttps.build())
                .putProperty(PAYLOAD_SIGNING_ENABLED, false)));
        return signed.copy(r -> r.request(signed.request().toBuilder()
                .protocol(original.protocol()).port(original.port()).build()));
    }

    @Override
    public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
        return signer.signAsync(request); // only the synchronous client is used
    }
}
