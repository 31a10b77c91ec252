package dev.octet.user.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** An RSA key pair, both halves Base64 DER (PKCS#8 private, X.509 public). */
@Entity
@Table(name = "signing_key")
public class SigningKey extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "private_key")
    public String privateKey;

    @Column(name = "public_key")
    public String publicKey;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
