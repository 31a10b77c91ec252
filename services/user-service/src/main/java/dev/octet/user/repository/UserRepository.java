package dev.octet.user.repository;

import dev.octet.user.model.UserAccount;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<UserAccount, UUID> {

    public Uni<UserAccount> findByEmail(String email) {
        return find("email", email).firstResult();
    }

    public Uni<List<UserAccount>> page(int page, int size) {
        return findAll(Sort.by("createdAt").and("id")).page(page, size).list();
    }
}
