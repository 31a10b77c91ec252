package dev.octet.user.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A token signing key pair as stored: the public half as Base64 X.509 DER, the private half encrypted
 * (Base64 of IV and AES-GCM ciphertext of its PKCS#8 DER). It signs from {@code signsFrom} until the next
 * generation's {@code signsFrom}.
 */
@Entity
@Table(name = "signing_key")
public class SigningKey extends PanacheEntityBase {

    @Id
    public String kid;

    public int generation;

    @Column(name = "public_key")
    public String publicKey;

    @Column(name = "encrypted_private_key")
    public String encryptedPrivateKey;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "signs_from")
    public OffsetDateTime signsFrom;
}
