// Accounts: Mastodon's username rules, argon2id hashes, RSA keys, uniqueness, the first admin.
#include "accounts/account_service.hpp"
#include "crypto/password.hpp"
#include "rig/test_node.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>
#include <openssl/pem.h>

using namespace agora;

TEST_CASE("accounts: username rules as Mastodon's", "[unit][accounts]") {
    for (std::string ok :
         std::vector<std::string>{"alice", "Alice_42", "_", "a", std::string(30, 'x')}) {
        INFO(ok);
        CHECK_FALSE(username_problem(ok).has_value());
    }
    for (std::string bad :
         std::vector<std::string>{"", std::string(31, 'x'), "al ice", "alice@example.org", "al.ice",
                                  "al-ice", "élise", "alice\n", "../etc"}) {
        INFO(bad);
        CHECK(username_problem(bad).has_value());
    }
}

TEST_CASE("accounts: passwords are argon2id hashes", "[unit][accounts]") {
    auto hash = crypto::hash_password("correct horse battery");
    CHECK_THAT(hash, Catch::StartsWith("$argon2id$"));
    CHECK(crypto::verify_password("correct horse battery", hash));
    CHECK_FALSE(crypto::verify_password("wrong", hash));
    auto generated = crypto::generate_password();
    CHECK(generated.size() == 20);
    CHECK(generated != crypto::generate_password());
}

TEST_CASE("accounts: creation stores a key pair, a hash, role and kind", "[unit][accounts]") {
    testing::TempDir dir;
    store::Database db((dir.path / "agora.db").string());
    NewAccount request{
        .username = "Mairie", .role = Role::moderator, .kind = AccountKind::public_body};
    auto created = create_local_account(db, request);
    REQUIRE(created.has_value());
    REQUIRE(created->generated_password.has_value());
    CHECK(created->user.must_change_password); // a generated password is good for one sign-in
    CHECK_THAT(created->account.public_key_pem, Catch::StartsWith("-----BEGIN PUBLIC KEY-----"));
    REQUIRE(created->account.private_key_pem.has_value());
    CHECK_THAT(*created->account.private_key_pem, Catch::StartsWith("-----BEGIN PRIVATE KEY-----"));

    BIO* bio = BIO_new_mem_buf(created->account.public_key_pem.data(),
                               int(created->account.public_key_pem.size()));
    EVP_PKEY* key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
    REQUIRE(key != nullptr);
    CHECK(EVP_PKEY_get_bits(key) == 2048);
    CHECK(EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA);
    EVP_PKEY_free(key);
    BIO_free(bio);

    auto conn = db.acquire();
    auto account = store::find_local_account(*conn, "mairie"); // case-insensitive lookup
    REQUIRE(account.has_value());
    CHECK(account->username == "Mairie");
    CHECK(account->kind == AccountKind::public_body);
    CHECK_FALSE(account->private_key_pem.has_value()); // not read unless something is signed
    CHECK(store::find_private_key(*conn, account->id) == created->account.private_key_pem);
    auto user = store::find_user(*conn, account->id);
    REQUIRE(user.has_value());
    CHECK(user->role == Role::moderator);
    CHECK(crypto::verify_password(*created->generated_password, user->password_hash));
}

TEST_CASE("accounts: usernames are unique regardless of case", "[unit][accounts]") {
    testing::TempDir dir;
    store::Database db((dir.path / "agora.db").string());
    REQUIRE(
        create_local_account(db, {.username = "alice", .password = "a long password"}).has_value());
    auto again = create_local_account(db, {.username = "ALICE"});
    REQUIRE_FALSE(again.has_value());
    CHECK(again.error().code == AccountError::Code::username_taken);
    auto bad = create_local_account(db, {.username = "bad name"});
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().code == AccountError::Code::invalid_username);
    auto weak = create_local_account(db, {.username = "bob", .password = "short"});
    REQUIRE_FALSE(weak.has_value());
    CHECK(weak.error().code == AccountError::Code::invalid_password);
    auto conn = db.acquire();
    CHECK(store::list_local_accounts(*conn).size() == 1);
}

TEST_CASE("accounts: the admin is created once, with a one-time password", "[unit][accounts]") {
    testing::TempDir dir;
    auto config = testing::test_config(dir.path);
    store::Database db(config.storage.database_path);
    auto first = ensure_admin_account(db, config);
    REQUIRE(first.has_value());
    CHECK(first->account.username == "admin");
    CHECK(first->user.role == Role::admin);
    CHECK(first->user.must_change_password);
    REQUIRE(first->generated_password.has_value());
    CHECK_FALSE(ensure_admin_account(db, config).has_value());
    auto conn = db.acquire();
    CHECK(store::list_local_accounts(*conn).size() == 1);
}
