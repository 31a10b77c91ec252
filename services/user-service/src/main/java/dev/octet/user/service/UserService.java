package dev.octet.user.service;

import dev.octet.platform.web.DatabaseErrors;
import dev.octet.platform.web.Page;
import dev.octet.platform.web.PageRequest;
import dev.octet.platform.web.ProblemException;
import dev.octet.user.model.LoginRequest;
import dev.octet.user.model.RegisterRequest;
import dev.octet.user.model.TokenView;
import dev.octet.user.model.UpdateUserRequest;
import dev.octet.user.model.UserAccount;
import dev.octet.user.repository.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

@ApplicationScoped
public class UserService {

    private final UserRepository users;
    private final PasswordHasher passwords;
    private final SigningKeys keys;
    private final Vertx vertx;
    private final String issuer;
    private final Duration tokenLifetime;

    public UserService(UserRepository users, PasswordHasher passwords, SigningKeys keys, Vertx vertx,
                       @ConfigProperty(name = "octet.jwt.issuer") String issuer,
                       @ConfigProperty(name = "octet.jwt.lifetime") Duration tokenLifetime) {
        this.users = users;
        this.passwords = passwords;
        this.keys = keys;
        this.vertx = vertx;
        this.issuer = issuer;
        this.tokenLifetime = tokenLifetime;
    }

    public Uni<UserAccount> register(RegisterRequest request) {
        String email = normalize(request.email());
        return offEventLoop(() -> passwords.hash(request.password()))
                .flatMap(hash -> Panache.withTransaction(() -> users.findByEmail(email).flatMap(existing -> {
                    if (existing != null) {
                        throw emailTaken(email);
                    }
                    OffsetDateTime now = OffsetDateTime.now();
                    UserAccount user = new UserAccount();
                    user.id = UUID.randomUUID();
                    user.email = email;
                    user.name = request.name().strip();
                    user.passwordHash = hash;
                    user.createdAt = now;
                    user.updatedAt = now;
                    return users.persistAndFlush(user);
                })))
                // Two registrations racing for one email: the unique index lets one through.
                .onFailure(DatabaseErrors::isUniqueViolation).transform(e -> emailTaken(email));
    }

    public Uni<TokenView> login(LoginRequest request) {
        String email = normalize(request.email());
        return Panache.withSession(() -> users.findByEmail(email))
                .flatMap(user -> offEventLoop(() -> {
                    if (user == null) {
                        passwords.matchDecoy(request.password());
                        return null;
                    }
                    return passwords.matches(request.password(), user.passwordHash) ? user : null;
                }))
                .map(user -> {
                    if (user == null) {
                        throw ProblemException.unauthorized("Wrong email or password.");
                    }
                    return issueToken(user);
                });
    }

    public Uni<UserAccount> get(UUID id) {
        return Panache.withSession(() -> users.findById(id))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("There is no user " + id + "."));
    }

    public Uni<Page<UserAccount>> list(PageRequest page) {
        return Panache.withSession(() -> users.page(page.page, page.size)
                .flatMap(items -> users.count().map(total -> new Page<>(items, page.page, page.size, total))));
    }

    /** Changes the caller's own account; nobody may change someone else's. */
    public Uni<UserAccount> update(UUID id, UUID caller, UpdateUserRequest request) {
        if (!id.equals(caller)) {
            return Uni.createFrom().failure(ProblemException.forbidden("You can only change your own account."));
        }
        Uni<String> newHash = request.password() == null
                ? Uni.createFrom().nullItem()
                : offEventLoop(() -> passwords.hash(request.password()));
        return newHash.flatMap(hash -> Panache.withTransaction(() -> users.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("There is no user " + id + "."))
                .map(user -> {
                    if (request.name() != null) {
                        user.name = request.name().strip();
                    }
                    if (hash != null) {
                        user.passwordHash = hash;
                    }
                    user.updatedAt = OffsetDateTime.now();
                    return user;
                })));
    }

    private TokenView issueToken(UserAccount user) {
        SigningKeys.LoadedKey key = keys.signing();
        String token = Jwt.issuer(issuer)
                .subject(user.id.toString())
                .upn(user.email)
                .claim("name", user.name)
                .groups(Set.of("customer"))
                .expiresIn(tokenLifetime)
                .jws().keyId(key.kid())
                .sign(key.privateKey());
        return new TokenView(token, "Bearer", tokenLifetime.toSeconds(), user.id);
    }

    /** bcrypt costs tens of milliseconds: run it on a worker, then continue on this request's context. */
    private <T> Uni<T> offEventLoop(Supplier<T> work) {
        return vertx.executeBlocking(Uni.createFrom().item(work));
    }

    private static String normalize(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    private static ProblemException emailTaken(String email) {
        return ProblemException.conflict("email-taken", "An account for " + email + " already exists.");
    }

}
