// The encodings under HTTP signatures: base64, HTTP dates, RFC 8941 structured fields and the
// Digest / Content-Digest body digests (RFC 3230, RFC 9530), against published values.
#include "federation/base64.hpp"
#include "federation/body_digest.hpp"
#include "federation/http_date.hpp"
#include "federation/signature_keys.hpp"
#include "federation/structured_fields.hpp"
#include "unit/signature_fixtures.hpp"

#include <catch2/catch.hpp>

using namespace agora::federation;

namespace {
// The body of every example in RFC 9421 and draft-cavage (RFC 9530 adds a final LF).
constexpr std::string_view hello = R"({"hello": "world"})";
} // namespace

TEST_CASE("base64: standard alphabet, padded or not, nothing else", "[unit][signatures]") {
    CHECK(base64_encode("") == "");
    CHECK(base64_encode("f") == "Zg==");
    CHECK(base64_encode("foob") == "Zm9vYg==");
    CHECK(base64_encode("\xfb\xff") == "+/8=");
    CHECK(base64_decode("Zm9vYg==") == "foob");
    CHECK(base64_decode("Zm9vYg") == "foob");
    CHECK(base64_decode("+/8=") == "\xfb\xff");
    CHECK(base64_decode("") == "");
    CHECK_FALSE(base64_decode("-_8="));      // URL-safe alphabet
    CHECK_FALSE(base64_decode("Zm9v Yg==")); // whitespace
    CHECK_FALSE(base64_decode("Zm9vYg=x"));
    CHECK_FALSE(base64_decode("Z"));
    CHECK_FALSE(base64_decode("Zm9vYg==="));
}

TEST_CASE("HTTP dates: IMF-fixdate written, the three forms read", "[unit][signatures]") {
    CHECK(format_http_date(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK(format_http_date(1388957500) == "Sun, 05 Jan 2014 21:31:40 GMT");
    CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
    CHECK(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == 784111777);
    CHECK(parse_http_date("Sun Nov  6 08:49:37 1994") == 784111777);
    CHECK(parse_http_date("Tue, 20 Apr 2021 02:07:55 GMT") == 1618884475);
    CHECK(parse_http_date("Thu, 29 Feb 2024 00:00:00 GMT") == 1709164800);
    CHECK_FALSE(parse_http_date("Thu, 29 Feb 2023 00:00:00 GMT")); // not a leap year
    CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC"));
    CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT "));
    CHECK_FALSE(parse_http_date("Sun, 6 Nov 1994 08:49:37 GMT"));
    CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 24:00:00 GMT"));
    CHECK_FALSE(parse_http_date("1994-11-06T08:49:37Z"));
    CHECK_FALSE(parse_http_date(""));
}

TEST_CASE("structured fields: the dictionaries signatures use", "[unit][signatures]") {
    auto input = sf::parse_dictionary(
        R"(sig1=("@method" "@target-uri" "content-digest");created=1618884473;keyid="test-key", )"
        R"(sig2=();alg="ed25519";expires=1;nonce="a\"b\\c")");
    REQUIRE(input);
    REQUIRE(input->size() == 2);
    CHECK(input->at(0).first == "sig1");
    auto& list = std::get<sf::InnerList>(input->at(0).second);
    REQUIRE(list.items.size() == 3);
    CHECK(std::get<std::string>(list.items[1].value) == "@target-uri");
    CHECK(std::get<std::int64_t>(*sf::find_parameter(list.parameters, "created")) == 1618884473);
    CHECK(sf::serialize(list) ==
          R"(("@method" "@target-uri" "content-digest");created=1618884473;keyid="test-key")");
    auto& empty = std::get<sf::InnerList>(input->at(1).second);
    CHECK(empty.items.empty());
    CHECK(std::get<std::string>(*sf::find_parameter(empty.parameters, "nonce")) == "a\"b\\c");
    CHECK(sf::serialize(empty) == R"(();alg="ed25519";expires=1;nonce="a\"b\\c")");

    auto signature = sf::parse_dictionary("sig1=:aGVsbG8=:, b, c=?0;x, d=tok/en:1, e=-1.50");
    REQUIRE(signature);
    CHECK(std::get<sf::ByteSequence>(std::get<sf::Item>(signature->at(0).second).value).bytes ==
          "hello");
    CHECK(std::get<bool>(std::get<sf::Item>(signature->at(1).second).value));
    CHECK(sf::serialize(std::get<sf::Item>(signature->at(2).second)) == "?0;x");
    CHECK(sf::serialize(std::get<sf::Item>(signature->at(3).second)) == "tok/en:1");
    CHECK(sf::serialize(std::get<sf::Item>(signature->at(4).second)) == "-1.5");

    // Optional whitespace is allowed where RFC 8941 allows it, and normalised on serialisation.
    auto spaced = sf::parse_dictionary("  a=(  \"x\"   \"y\" );p=1 ,\tb=2  ");
    REQUIRE(spaced);
    CHECK(sf::serialize(std::get<sf::InnerList>(spaced->at(0).second)) == R"(("x" "y");p=1)");
}

TEST_CASE("structured fields: malformed values are refused", "[unit][signatures]") {
    for (std::string_view bad : {
             "a=",                 // no value
             "a=1,",               // trailing comma
             "a=1,,b=2",           // empty member
             "A=1",                // keys are lowercase
             "1a=1",               // keys start with a letter or *
             "a=(\"x\"\"y\")",     // items in an inner list are separated by spaces
             "a=(\"x\"",           // unterminated inner list
             "a=\"x",              // unterminated string
             "a=\"\\x\"",          // only \" and \\ escapes
             "a=\"\xc3\xa9\"",     // strings are ASCII
             "a=:aGVsbG8=",        // unterminated byte sequence
             "a=:a-b=:",           // not base64
             "a=?2",               // booleans are ?0 and ?1
             "a=1.",               // decimal without fraction
             "a=1.2345",           // more than three decimals
             "a=1234567890123456", // more than fifteen digits
             "a=1;b=2;b=3",        // repeated parameter
             "a=1, a=2",           // repeated key
             "a=1 b=2",            // members need commas
             "a=@x",               // not an item
         }) {
        INFO(bad);
        CHECK_FALSE(sf::parse_dictionary(bad));
    }
    CHECK(sf::parse_dictionary("")); // an empty field is an empty dictionary
}

TEST_CASE("body digests: the published values", "[unit][signatures]") {
    // draft-cavage appendix C, and RFC 9421's test request (sha-512).
    CHECK(digest_header(hello) == "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=");
    CHECK(content_digest_header(hello) == "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");
    CHECK(check_content_digest("sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+"
                               "AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
                               hello));
    // RFC 9530 section 2 (the object followed by LF): both algorithms at once.
    std::string with_lf = std::string(hello) + "\n";
    CHECK(check_content_digest("sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:, "
                               "sha-512=:YMAam51Jz/jOATT6/zvHrLVgOYTGFy1d6GJiOHTohq4yP+pgk4vf2aCs"
                               "yRZOtw8MjkM7iw7yZ/WkppmM44T3qg==:",
                               with_lf));
    CHECK(check_digest_header(digest_header(""), ""));
}

TEST_CASE("body digests: what is accepted and what is refused", "[unit][signatures]") {
    auto digest = [](std::string_view header, std::string_view body = hello) {
        auto checked = check_digest_header(header, body);
        return checked ? std::string("ok") : std::to_string(int(checked.error()));
    };
    auto mismatch = std::to_string(int(DigestProblem::mismatch));
    auto malformed = std::to_string(int(DigestProblem::malformed));
    auto unsupported = std::to_string(int(DigestProblem::unsupported));
    CHECK(digest("SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=") == "ok");
    CHECK(digest("sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=") == "ok");
    CHECK(
        digest(
            "MD5=Sd/dVLAcvNLSq16eXua5uQ==, SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=") ==
        "ok");
    CHECK(digest("SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=", "{}") == mismatch);
    // Every value we can check must match, not just one.
    CHECK(digest("SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=,SHA-512=AAAA") == mismatch);
    CHECK(digest("MD5=Sd/dVLAcvNLSq16eXua5uQ==") == unsupported);
    CHECK(digest("SHA-256=not base64!") == malformed);
    CHECK(digest("X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE") == malformed);
    CHECK(digest("") == malformed);

    auto content = [](std::string_view header, std::string_view body = hello) {
        auto checked = check_content_digest(header, body);
        return checked ? std::string("ok") : std::to_string(int(checked.error()));
    };
    CHECK(content("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:") == "ok");
    CHECK(content("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", "{}") == mismatch);
    CHECK(content("unixsum=:AAAA:") == unsupported);
    CHECK(content("sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=") == malformed);
    CHECK(content("sha-256=\"X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=\"") == malformed);
    CHECK(content("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:, sha-256=:AAAA:") ==
          malformed);
}

TEST_CASE("signature keys: the PEM forms actors publish, and nothing else", "[unit][signatures]") {
    namespace fixtures = agora::testing::signatures;
    auto spki = PublicKey::from_pem(fixtures::cavage_public);
    REQUIRE(spki);
    CHECK(spki->type() == KeyType::rsa);
    auto pkcs1 = PublicKey::from_pem(fixtures::rfc_rsa_public);
    REQUIRE(pkcs1);
    CHECK(pkcs1->type() == KeyType::rsa);
    CHECK(PublicKey::from_pem(fixtures::rfc_ed25519_public)->type() == KeyType::ed25519);
    // Surrounding text (a JSON string's neighbours, say) and CRLF line ends are tolerated.
    std::string crlf = "junk\r\n";
    for (char c : fixtures::cavage_public)
        c == '\n' ? crlf += "\r\n" : crlf += c;
    CHECK(PublicKey::from_pem(crlf));

    auto ec = PublicKey::from_pem(fixtures::rfc_ecc_p256_public);
    REQUIRE_FALSE(ec);
    CHECK(ec.error().find("unsupported key type") != std::string::npos);
    CHECK_FALSE(PublicKey::from_pem(""));
    CHECK_FALSE(
        PublicKey::from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"));
    CHECK_FALSE(PublicKey::from_pem(fixtures::cavage_private)); // a private key is not public
    // A valid key followed by extra bytes inside the PEM block.
    std::string der =
        *base64_decode("MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=");
    CHECK(PublicKey::from_pem("-----BEGIN PUBLIC KEY-----\n" + base64_encode(der) +
                              "\n-----END PUBLIC KEY-----\n"));
    CHECK_FALSE(PublicKey::from_pem("-----BEGIN PUBLIC KEY-----\n" + base64_encode(der + "x") +
                                    "\n-----END PUBLIC KEY-----\n"));
    CHECK(PublicKey::from_ed25519_bytes(der.substr(12)));
    CHECK_FALSE(PublicKey::from_ed25519_bytes(der.substr(13)));

    auto pkcs1_private = PrivateKey::from_pem(fixtures::rfc_rsa_private);
    REQUIRE(pkcs1_private);
    CHECK(pkcs1_private->default_algorithm() == SignatureAlgorithm::rsa_v1_5_sha256);
    auto ed = PrivateKey::from_pem(fixtures::rfc_ed25519_private);
    REQUIRE(ed);
    CHECK(ed->default_algorithm() == SignatureAlgorithm::ed25519);
    CHECK_THROWS(ed->sign(SignatureAlgorithm::rsa_v1_5_sha256, "data"));
    CHECK_FALSE(PrivateKey::from_pem(fixtures::rfc_rsa_public));
    CHECK_FALSE(PrivateKey::from_pem("not a key"));

    // Fresh Ed25519 pairs sign and verify; a signature of other data does not verify.
    auto pair = generate_ed25519_keypair();
    CHECK(pair.public_pem.starts_with("-----BEGIN PUBLIC KEY-----"));
    CHECK(pair.private_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
    auto signer = *PrivateKey::from_pem(pair.private_pem);
    auto verifier = *PublicKey::from_pem(pair.public_pem);
    auto signature = signer.sign(SignatureAlgorithm::ed25519, "data");
    CHECK(signature.size() == 64);
    CHECK(verifier.verify(SignatureAlgorithm::ed25519, "data", signature));
    CHECK_FALSE(verifier.verify(SignatureAlgorithm::ed25519, "datA", signature));
    CHECK_FALSE(verifier.verify(SignatureAlgorithm::rsa_v1_5_sha256, "data", signature));
    CHECK_FALSE(verifier.verify(SignatureAlgorithm::ed25519, "data", ""));
}
