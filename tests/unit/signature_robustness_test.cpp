// Garbage never crashes the signature code: thousands of random and mutated Signature,
// Signature-Input, Digest and Date values, each answered with an error or a verdict.
#include "federation/base64.hpp"
#include "federation/body_digest.hpp"
#include "federation/cavage_signature.hpp"
#include "federation/http_date.hpp"
#include "federation/structured_fields.hpp"
#include "unit/signature_fixtures.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace agora::federation;
using agora::testing::signatures::Arrived;
using agora::testing::signatures::arrived;

namespace {

constexpr std::int64_t now = 1700000000;

// Text drawn mostly from the characters these grammars care about, so the parsers get deep.
std::string random_text(std::mt19937& random, std::size_t max_length) {
    static constexpr std::string_view alphabet =
        "\"\\=,;:()?*-._ \t/+0123456789abcdefkyIDsignaturehd@AZ\x01\x7f\xc3\xa9\n\r";
    std::uniform_int_distribution<std::size_t> length(0, max_length);
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    std::uniform_int_distribution<int> any_byte(0, 255);
    std::string out(length(random), '\0');
    for (auto& c : out)
        c = random() % 8 == 0 ? char(any_byte(random)) : alphabet[pick(random)];
    return out;
}

// `text` with a few characters replaced, inserted or removed.
std::string mutate(std::mt19937& random, std::string text) {
    int edits = 1 + int(random() % 4);
    for (int i = 0; i < edits; ++i) {
        std::size_t at = text.empty() ? 0 : random() % text.size();
        auto c = char(random() % 256);
        switch (random() % 3) {
        case 0:
            if (!text.empty()) text[at] = c;
            break;
        case 1:
            text.insert(text.begin() + std::ptrdiff_t(at), c);
            break;
        default:
            if (!text.empty()) text.erase(at, 1 + random() % 8);
        }
    }
    return text;
}

} // namespace

TEST_CASE("signatures: random and mutated headers never crash", "[unit][signatures]") {
    std::mt19937 random(20240611);
    auto key = *PrivateKey::from_pem(agora::testing::signatures::rfc_rsa_private);
    auto public_key = *PublicKey::from_pem(agora::testing::signatures::rfc_rsa_public);
    VerifyOptions options;
    options.now = now;
    options.expected_authority = "agora.example";

    OutgoingRequest cavage{"POST",
                           "https://agora.example/inbox",
                           {{"Content-Type", "application/activity+json"}},
                           "{}"};
    REQUIRE(sign_cavage(cavage, key, "https://remote.example/actor#main-key", now));
    OutgoingRequest rfc = {"POST",
                           "https://agora.example/inbox",
                           {{"Content-Type", "application/activity+json"}},
                           "{}"};
    REQUIRE(sign_rfc9421(rfc, key, "https://remote.example/actor#main-key", now));
    auto cavage_request = arrived(cavage);
    auto rfc_request = arrived(rfc);
    REQUIRE(verify_signature(cavage_request.view(), public_key, options));
    REQUIRE(verify_signature(rfc_request.view(), public_key, options));

    auto cavage_claim = *read_signature(cavage_request.view(), options);
    auto rfc_claim = *read_signature(rfc_request.view(), options);
    for (int i = 0; i < 3000; ++i) {
        // Random Signature headers, read as draft-cavage.
        auto garbage = cavage_request;
        garbage.set("Signature", random_text(random, 200));
        CHECK_FALSE(verify_signature(garbage.view(), public_key, options));

        // Mutations of a valid one: an accepted mutation can only have touched what the
        // signature does not depend on (the keyId text, spacing, case, padding...).
        auto mutated = cavage_request;
        mutated.set("Signature", mutate(random, cavage_request.get("Signature")));
        if (auto claim = verify_signature(mutated.view(), public_key, options)) {
            CHECK(claim->signed_data == cavage_claim.signed_data);
            CHECK(claim->signature == cavage_claim.signature);
        }

        // RFC 9421: random and mutated Signature-Input and Signature; the parameters are
        // signed, so an accepted mutation can only have changed spacing or padding.
        auto input = rfc_request;
        input.set("Signature-Input", random_text(random, 200));
        CHECK_FALSE(verify_signature(input.view(), public_key, options));
        auto mutated_input = rfc_request;
        mutated_input.set("Signature-Input", mutate(random, rfc_request.get("Signature-Input")));
        mutated_input.set("Signature", random() % 2 ? mutate(random, rfc_request.get("Signature"))
                                                    : rfc_request.get("Signature"));
        if (auto claim = verify_signature(mutated_input.view(), public_key, options)) {
            CHECK(claim->signed_data == rfc_claim.signed_data);
            CHECK(claim->signature == rfc_claim.signature);
        }

        // The covered headers themselves.
        bool draft = random() % 2;
        auto headers = draft ? cavage_request : rfc_request;
        headers.set(draft ? "Digest" : "Content-Digest", random_text(random, 80));
        headers.set("Date", mutate(random, headers.get("Date")));
        headers.set("Host", random() % 4 ? "agora.example" : random_text(random, 20));
        CHECK_FALSE(verify_signature(headers.view(), public_key, options));

        // The parsers on their own.
        auto text = random_text(random, 120);
        (void)sf::parse_dictionary(text);
        (void)parse_cavage_parameters(text);
        (void)parse_http_date(text);
        (void)check_digest_header(text, "{}");
        (void)check_content_digest(text, "{}");
        (void)base64_decode(text);
        (void)PublicKey::from_pem(text);
    }

    // The largest fields a 16 KB header section allows, made of tiny repeated parts: refused,
    // and without quadratic work (each check of a repeat is a set lookup).
    std::string many_labels, many_names = "keyId=\"k\",signature=\"AAAA\",headers=\"";
    for (int i = 0; i < 3000; ++i) {
        many_labels += (i ? "," : "") + std::string("a") + std::to_string(i) + "=:AAAA:";
        many_names += "x" + std::to_string(i) + " ";
    }
    many_names += "x0\"";
    auto flood = rfc_request;
    flood.set("Signature-Input", many_labels);
    flood.set("Signature", many_labels);
    CHECK_FALSE(verify_signature(flood.view(), public_key, options));
    auto names = cavage_request;
    names.set("Signature", many_names);
    auto refused = verify_signature(names.view(), public_key, options);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().failure == SignatureFailure::malformed); // x0 twice
}
