// RFC 9421 HTTP Message Signatures: the RFC's own examples (signature bases, Ed25519, RSA
// PKCS#1 v1.5 and RSA-PSS signatures, message transformations), round trips, and refusals.
#include "federation/base64.hpp"
#include "federation/body_digest.hpp"
#include "federation/rfc9421_signature.hpp"
#include "federation/structured_fields.hpp"
#include "unit/signature_fixtures.hpp"

#include <catch2/catch.hpp>

using namespace agora::federation;
using agora::testing::signatures::Arrived;
using agora::testing::signatures::arrived;
namespace fixtures = agora::testing::signatures;
using agora::testing::signatures::at;
using agora::testing::signatures::ed25519_key;
using agora::testing::signatures::ed25519_public;
using agora::testing::signatures::key_id;
using agora::testing::signatures::note;
using agora::testing::signatures::now;
using agora::testing::signatures::other_rsa_public;
using agora::testing::signatures::rsa_key;
using agora::testing::signatures::rsa_public;

namespace {

OutgoingRequest post() {
    return {"POST",
            "https://agora.example/users/bob/inbox",
            {{"Content-Type", "application/activity+json"}},
            std::string(note)};
}

Arrived signed_post(const PrivateKey& key, std::int64_t time = now) {
    auto request = post();
    REQUIRE(sign_rfc9421(request, key, key_id, time));
    return arrived(request);
}

std::string outcome(const Arrived& request, const PublicKey& key,
                    const VerifyOptions& options = at(now)) {
    auto verified = verify_signature(request.view(), key, options);
    return verified ? "ok" : std::string(failure_name(verified.error().failure));
}

// Sets `Signature-Input: sig1=<input>` and signs the base our reader rebuilds from it: for the
// refusal tests, whose point is the policy (the RFC's examples check the signature base).
void sign_as_written(Arrived& request, const std::string& input, const PrivateKey& key,
                     std::string label = "sig1") {
    request.set("Signature-Input", label + "=" + input);
    request.set("Signature", label + "=:AAAA:");
    VerifyOptions lenient;
    lenient.now = now;
    lenient.require_fediverse_coverage = false;
    lenient.max_age_seconds = lenient.clock_skew_seconds = 1LL << 40;
    auto claim = read_rfc9421_signature(request.view(), lenient);
    REQUIRE(claim);
    request.set("Signature",
                label + "=:" +
                    base64_encode(key.sign(key.default_algorithm(), claim->signed_data[0])) + ":");
}

// RFC 9421 appendix B.2: the request the examples sign.
Arrived test_request() {
    return {"POST",
            "/foo?param=Value&Pet=dog",
            {{"Host", "example.com"},
             {"Date", "Tue, 20 Apr 2021 02:07:55 GMT"},
             {"Content-Type", "application/json"},
             {"Content-Digest", "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnr"
                                "IiYllu7BNNyealdVLvRwEmTHWXvJwew==:"},
             {"Content-Length", "18"}},
            R"({"hello": "world"})"};
}

VerifyOptions rfc_options(std::string label = {}) {
    VerifyOptions options;
    options.now = 1618884473;
    options.require_fediverse_coverage = false;
    options.rfc9421_label = std::move(label);
    return options;
}

} // namespace

TEST_CASE("RFC 9421 B.2.6: signing a request with ed25519", "[unit][signatures]") {
    auto request = test_request();
    std::string signature =
        "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==";
    request.set("Signature-Input", R"(sig-b26=("date" "@method" "@path" "@authority" )"
                                   R"("content-type" "content-length");created=1618884473)"
                                   R"(;keyid="test-key-ed25519")");
    request.set("Signature", "sig-b26=:" + signature + ":");
    auto claim = read_signature(request.view(), rfc_options());
    REQUIRE(claim);
    CHECK(claim->scheme == SignatureScheme::rfc9421);
    CHECK(claim->key_id == "test-key-ed25519");
    CHECK(claim->signed_data[0] == "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n"
                                   "\"@method\": POST\n"
                                   "\"@path\": /foo\n"
                                   "\"@authority\": example.com\n"
                                   "\"content-type\": application/json\n"
                                   "\"content-length\": 18\n"
                                   "\"@signature-params\": (\"date\" \"@method\" \"@path\" "
                                   "\"@authority\" \"content-type\" \"content-length\")"
                                   ";created=1618884473;keyid=\"test-key-ed25519\"");
    auto key = PublicKey::from_pem(fixtures::rfc_ed25519_public);
    REQUIRE(key);
    CHECK(key->type() == KeyType::ed25519);
    CHECK(check_signature(*claim, *key));
    // Ed25519 is deterministic: the published signature is reproduced exactly.
    auto signer = PrivateKey::from_pem(fixtures::rfc_ed25519_private);
    REQUIRE(signer);
    CHECK(base64_encode(signer->sign(SignatureAlgorithm::ed25519, claim->signed_data[0])) ==
          signature);
    // The same key as raw bytes (the JWK's "x").
    auto raw = base64_decode("JrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=");
    CHECK(check_signature(*claim, *PublicKey::from_ed25519_bytes(*raw)));
    CHECK(check_signature(*claim, *PublicKey::from_pem(fixtures::rfc_rsa_public)).error().failure ==
          SignatureFailure::bad_signature);

    auto tampered = request;
    tampered.set("Content-Length", "19");
    CHECK(verify_signature(tampered.view(), *key, rfc_options()).error().failure ==
          SignatureFailure::bad_signature);
}

TEST_CASE("RFC 9421 section 4.3: an rsa-v1_5-sha256 signature among several",
          "[unit][signatures]") {
    Arrived request = test_request();
    request.set("Host", "origin.host.internal.example");
    request.set("Date", "Tue, 20 Apr 2021 02:07:56 GMT");
    request.headers.emplace_back("Forwarded", "for=192.0.2.123;host=example.com;proto=https");
    request.set("Signature-Input",
                R"(sig1=("@method" "@authority" "@path" "content-digest" "content-type" )"
                R"("content-length");created=1618884475;keyid="test-key-ecc-p256", proxy_sig=)"
                R"(("@method" "@authority" "@path" "content-digest" "content-type" )"
                R"("content-length" "forwarded");created=1618884480;keyid="test-key-rsa";)"
                R"(alg="rsa-v1_5-sha256";expires=1618884540)");
    std::string proxy_signature =
        "S6ZzPXSdAMOPjN/6KXfXWNO/f7V6cHm7BXYUh3YD/"
        "fRad4BCaRZxP+JH+8XY1I6+8Cy+CM5g92iHgxtRPz+MjniOaYm"
        "dkDcnL9cCpXJleXsOckpURl49GwiyUpZ10KHgOEe11sx3G2gxI8S0jnxQB+Pu68U9vVcasqOWAEObtNKKZd8tSFu7L"
        "B5YAv0RAGhB8tmpv7sFnIm9y+7X5kXQfi8NMaZaA8i2ZHwpBdg7a6CMfwnnrtflzvZdXAsD3LH2TwevU+/PBPv0B6N"
        "MNk93wUs/vfJvye+YuI87HU38lZHowtznbLVdp770I6VHR6WfgS9ddzirrswsE1w5o0LV/g==";
    request.set("Signature",
                "sig1=:X5spyd6CFnAG5QnDyHfqoSNICd+BUP4LYMz2Q0JXlb//4Ijpzp+kve2w4NIyqeAuM7jTDX+sNal"
                "zA8ESSaHD3A==:, proxy_sig=:" +
                    proxy_signature + ":");
    auto key = PublicKey::from_pem(fixtures::rfc_rsa_public); // PKCS#1 "BEGIN RSA PUBLIC KEY"
    REQUIRE(key);
    auto options = rfc_options("proxy_sig");
    options.now = 1618884480;
    auto claim = verify_signature(request.view(), *key, options);
    REQUIRE(claim);
    CHECK(claim->key_id == "test-key-rsa");
    CHECK(claim->named_algorithm == SignatureAlgorithm::rsa_v1_5_sha256);
    CHECK(
        claim->signed_data[0] ==
        "\"@method\": POST\n\"@authority\": origin.host.internal.example\n\"@path\": /foo\n"
        "\"content-digest\": sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYll"
        "u7BNNyealdVLvRwEmTHWXvJwew==:\n\"content-type\": application/json\n"
        "\"content-length\": 18\n\"forwarded\": for=192.0.2.123;host=example.com;proto=https\n"
        "\"@signature-params\": (\"@method\" \"@authority\" \"@path\" \"content-digest\" "
        "\"content-type\" \"content-length\" \"forwarded\");created=1618884480;"
        "keyid=\"test-key-rsa\";alg=\"rsa-v1_5-sha256\";expires=1618884540");
    // PKCS#1 v1.5 is deterministic: the RFC's value comes out of the RFC's private key.
    auto signer = PrivateKey::from_pem(fixtures::rfc_rsa_private);
    REQUIRE(signer);
    CHECK(base64_encode(signer->sign(SignatureAlgorithm::rsa_v1_5_sha256, claim->signed_data[0])) ==
          proxy_signature);

    // Its `expires` is a minute after `created`: an hour later (beyond the skew) it has expired.
    options.now = 1618884540 + 3601;
    CHECK(verify_signature(request.view(), *key, options).error().failure ==
          SignatureFailure::expired);
    // Without a label the first signature (an ECDSA one, not implemented) is the one read.
    auto first = read_signature(request.view(), rfc_options());
    REQUIRE(first);
    CHECK(first->key_id == "test-key-ecc-p256");
    CHECK(read_signature(request.view(), rfc_options("sig2")).error().failure ==
          SignatureFailure::malformed);
}

TEST_CASE("RFC 9421 B.2.1 and B.2.3: signature bases verified with rsa-pss-sha512",
          "[unit][signatures]") {
    auto key = PublicKey::from_pem(fixtures::rfc_rsa_pss_public);
    REQUIRE(key);
    // RSA-PSS signatures are randomised: the RFC's values verify, ours only round-trip.
    SECTION("B.2.1: no components, a nonce") {
        auto request = test_request();
        request.set("Signature-Input", R"(sig-b21=();created=1618884473;keyid="test-key-rsa-pss")"
                                       R"(;nonce="b3k2pp5k7z-50gnwp.yemd")");
        request.set(
            "Signature",
            "sig-b21=:d2pmTvmbncD3xQm8E9ZV2828BjQWGgiwAaw5bAkgibUopemLJcWDy/lkbbHAve4cRAtx31Iq786U7"
            "it++wgGxbtRxf8Udx7zFZsckzXaJMkA7ChG52eSkFxykJeNqsrWH5S+oxNFlD4dzVuwe8DhTSja8xxbR/"
            "Z2cOGd"
            "CbzR72rgFWhzx2VjBqJzsPLMIQKhO4DGezXehhWwE56YCE+"
            "O6c0mKZsfxVrogUvA4HELjVKWmAvtl6UnCh8jYzu"
            "VG5WSb/QEVPnP5TmcAnLH1g+s++v6d4s8m0gCw1fV5/"
            "SITLq9mhho8K3+7EPYTU8IU1bLhdxO5Nyt8C8ssinQ98"
            "Xw9Q==:");
        auto claim = read_signature(request.view(), rfc_options());
        REQUIRE(claim);
        CHECK(claim->signed_data[0] ==
              "\"@signature-params\": ();created=1618884473;"
              "keyid=\"test-key-rsa-pss\";nonce=\"b3k2pp5k7z-50gnwp.yemd\"");
        CHECK(key->verify(SignatureAlgorithm::rsa_pss_sha512, claim->signed_data[0],
                          claim->signature));
        CHECK_FALSE(key->verify(SignatureAlgorithm::rsa_v1_5_sha256, claim->signed_data[0],
                                claim->signature));
        // The fediverse's policy refuses a signature that covers nothing.
        auto strict = rfc_options();
        strict.require_fediverse_coverage = true;
        CHECK(read_signature(request.view(), strict).error().failure ==
              SignatureFailure::not_covered);
    }
    SECTION("B.2.3: full coverage") {
        auto request = test_request();
        request.set("Signature-Input",
                    R"(sig-b23=("date" "@method" "@path" "@query" "@authority" "content-type" )"
                    R"("content-digest" "content-length");created=1618884473;)"
                    R"(keyid="test-key-rsa-pss")");
        request.set(
            "Signature",
            "sig-b23=:bbN8oArOxYoyylQQUU6QYwrTuaxLwjAC9fbY2F6SVWvh0yBiMIRGOnMYwZ/5MR6fb0Kh1rIRASVxF"
            "keGt683+qRpRRU5p2voTp768ZrCUb38K0fUxN0O0iC59DzYx8DFll5GmydPxSmme9v6ULbMFkl+V5B1TP/"
            "yPViV"
            "7KsLNmvKiLJH1pFkh/aYA2HXXZzNBXmIkoQoLd7YfW91kE9o/"
            "CCoC1xMy7JA1ipwvKvfrs65ldmlu9bpG6A9Bmz"
            "huzF8Eim5f8ui9eH8LZH896+"
            "QIF61ka39VBrohr9iyMUJpvRX2Zbhl5ZJzSRxpJyoEZAFL2FUo5fTIztsDZKEgM"
            "4cUA==:");
        auto claim = read_signature(request.view(), rfc_options());
        REQUIRE(claim);
        CHECK(claim->signed_data[0] ==
              "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n\"@method\": POST\n\"@path\": /foo\n"
              "\"@query\": ?param=Value&Pet=dog\n\"@authority\": example.com\n"
              "\"content-type\": application/json\n"
              "\"content-digest\": sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnr"
              "IiYllu7BNNyealdVLvRwEmTHWXvJwew==:\n\"content-length\": 18\n"
              "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@query\" \"@authority\" "
              "\"content-type\" \"content-digest\" \"content-length\");created=1618884473;"
              "keyid=\"test-key-rsa-pss\"");
        CHECK(key->verify(SignatureAlgorithm::rsa_pss_sha512, claim->signed_data[0],
                          claim->signature));
        // The sha-512 Content-Digest was checked against the body while reading.
        request.body = "{}";
        CHECK(read_signature(request.view(), rfc_options()).error().failure ==
              SignatureFailure::digest_mismatch);
        // The RFC's PSS private key (an RSASSA-PSS key) signs what its public key verifies.
        auto signer = PrivateKey::from_pem(fixtures::rfc_rsa_pss_private);
        REQUIRE(signer);
        CHECK(signer->type() == KeyType::rsa_pss);
        CHECK(key->verify(SignatureAlgorithm::rsa_pss_sha512, claim->signed_data[0],
                          signer->sign(SignatureAlgorithm::rsa_pss_sha512, claim->signed_data[0])));
    }
    SECTION("B.2.2: @query-param is not implemented, and says so") {
        auto request = test_request();
        request.set("Signature-Input", R"(sig-b22=("@authority" "content-digest" )"
                                       R"("@query-param";name="Pet");created=1618884473;)"
                                       R"(keyid="test-key-rsa-pss";tag="header-example")");
        request.set("Signature", "sig-b22=:AAAA:");
        auto refused = read_signature(request.view(), rfc_options());
        REQUIRE_FALSE(refused);
        CHECK(refused.error().failure == SignatureFailure::malformed);
        CHECK(refused.error().message.find("@query-param") != std::string::npos);
    }
}

TEST_CASE("RFC 9421 B.4: transformations that keep or break a signature", "[unit][signatures]") {
    auto key = *PublicKey::from_pem(fixtures::rfc_ed25519_public);
    auto check = [&](Arrived request, bool valid) {
        request.set("Signature-Input", R"(transform=("@method" "@path" "@authority" "accept"))"
                                       R"(;created=1618884473;keyid="test-key-ed25519")");
        request.set("Signature", "transform=:ZT1kooQsEHpZ0I1IjCqtQppOmIqlJPeo7DHR3SoMn0s5JZ1eRGS0A"
                                 "+vyYP9t/LXlh5QMFFQ6cpLt2m0pmj3NDA==:");
        CHECK(verify_signature(request.view(), key, rfc_options()).has_value() == valid);
    };
    agora::http::Header host{"Host", "example.org"}, date{"Date", "Fri, 15 Jul 2022 14:24:55 GMT"},
        json{"Accept", "application/json"}, any{"Accept", "*/*"};
    check({"GET", "/demo?name1=Value1&Name2=value2", {host, date, json, any}, ""}, true);
    check({"GET",
           "/demo?name1=Value1&Name2=value2&param=added",
           {host, date, json, any, {"Accept-Language", "en-US,en;q=0.5"}},
           ""},
          true);
    check({"GET",
           "/demo?name1=Value1&Name2=value2",
           {host,
            {"Referer", "https://developer.example.org/demo"},
            {"Accept", "application/json, */*"}},
           ""},
          true);
    check({"GET", "/demo?name1=Value1&Name2=value2", {json, any, date, host}, ""}, true);
    check(
        {"POST", "/demo?name1=Value1&Name2=value2", {{"Host", "example.com"}, date, json, any}, ""},
        false);
    check({"GET", "/demo?name1=Value1&Name2=value2", {host, date, any, json}, ""}, false);
}

TEST_CASE("RFC 9421: what Agora sends is what Mastodon and Fedify accept", "[unit][signatures]") {
    auto request = post();
    REQUIRE(sign_rfc9421(request, rsa_key(), key_id, now));
    auto got = arrived(request);
    CHECK(got.get("Host") == "agora.example");
    CHECK(got.get("Content-Digest") == content_digest_header(note));
    CHECK(got.get("Signature-Input") ==
          R"(sig1=("@method" "@target-uri" "content-type" "content-digest");created=1700000000;)"
          R"(keyid="https://remote.example/users/alice#main-key";alg="rsa-v1_5-sha256")");
    CHECK(got.get("Signature").starts_with("sig1=:"));
    auto claim = verify_signature(got.view(), rsa_public(), at(now));
    REQUIRE(claim);
    CHECK(claim->signed_data[0].starts_with(
        "\"@method\": POST\n\"@target-uri\": https://agora.example/users/bob/inbox\n"
        "\"content-type\": application/activity+json\n\"content-digest\": sha-256=:"));
    CHECK(claim->created == now);

    auto ed = post();
    REQUIRE(sign_rfc9421(ed, ed25519_key(), key_id, now));
    auto ed_got = arrived(ed);
    CHECK(ed_got.get("Signature-Input").ends_with(";alg=\"ed25519\""));
    CHECK(outcome(ed_got, ed25519_public()) == "ok");
    CHECK(outcome(ed_got, rsa_public()) == "key_mismatch");

    OutgoingRequest fetch{"GET", "https://agora.example:8443/users/bob/outbox?page=2", {}, ""};
    REQUIRE(sign_rfc9421(fetch, rsa_key(), key_id, now));
    auto fetched = arrived(fetch);
    CHECK(fetched.get("Host") == "agora.example:8443");
    CHECK(fetched.get("Signature-Input").starts_with(R"(sig1=("@method" "@target-uri");)"));
    CHECK(fetched.get("Content-Digest").empty());
    auto options = at(now);
    options.expected_authority = "agora.example:8443";
    CHECK(outcome(fetched, rsa_public(), options) == "ok");
    fetched.target = "/users/bob/outbox?page=3";
    CHECK(outcome(fetched, rsa_public(), options) == "bad_signature");
    // The scheme is part of @target-uri.
    options.scheme = "http";
    fetched.target = "/users/bob/outbox?page=2";
    CHECK(outcome(fetched, rsa_public(), options) == "bad_signature");

    // Signing again replaces the signature; a cavage signature is replaced too.
    REQUIRE(sign_cavage(request, rsa_key(), key_id, now));
    REQUIRE(sign_rfc9421(request, rsa_key(), key_id, now));
    CHECK(arrived(request).get("Signature").starts_with("sig1=:"));
    CHECK(outcome(arrived(request), rsa_public()) == "ok");
}

TEST_CASE("RFC 9421: tampering is caught", "[unit][signatures]") {
    auto base = signed_post(rsa_key());
    CHECK(outcome(base, rsa_public()) == "ok");
    auto body = base;
    body.body = "{}";
    CHECK(outcome(body, rsa_public()) == "digest_mismatch");
    auto body_and_digest = body;
    body_and_digest.set("Content-Digest", content_digest_header(body.body));
    CHECK(outcome(body_and_digest, rsa_public()) == "bad_signature");
    auto no_digest = base;
    no_digest.remove("Content-Digest");
    CHECK(outcome(no_digest, rsa_public()) == "missing_header");
    auto content_type = base;
    content_type.set("Content-Type", "application/json");
    CHECK(outcome(content_type, rsa_public()) == "bad_signature");
    auto method = base;
    method.method = "PUT";
    CHECK(outcome(method, rsa_public()) == "bad_signature");
    auto target = base;
    target.target = "/inbox";
    CHECK(outcome(target, rsa_public()) == "bad_signature");
    auto query = base;
    query.target += "?x=1";
    CHECK(outcome(query, rsa_public()) == "bad_signature");
    auto params = base;
    params.set("Signature-Input", params.get("Signature-Input") + ";nonce=\"x\"");
    CHECK(outcome(params, rsa_public()) == "bad_signature");
    auto unsigned_header = base;
    unsigned_header.set("Date", "Mon, 01 Jan 2001 00:00:00 GMT"); // not covered: created is
    CHECK(outcome(unsigned_header, rsa_public()) == "ok");
    CHECK(outcome(base, other_rsa_public()) == "bad_signature");

    // Signed for another server and replayed here.
    auto elsewhere = post();
    elsewhere.url = "https://other.example/users/bob/inbox";
    REQUIRE(sign_rfc9421(elsewhere, rsa_key(), key_id, now));
    auto replayed = arrived(elsewhere);
    CHECK(outcome(replayed, rsa_public()) == "host_mismatch");
    replayed.set("Host", "agora.example");
    CHECK(outcome(replayed, rsa_public()) == "bad_signature");
}

TEST_CASE("RFC 9421: coverage the fediverse requires", "[unit][signatures]") {
    auto check = [](std::string input, std::string expected, bool with_body = true,
                    std::string target = "/users/bob/inbox") {
        INFO(input);
        auto request = signed_post(rsa_key());
        request.target = target;
        if (!with_body) {
            request.method = "GET";
            request.body.clear();
        }
        sign_as_written(request, input, rsa_key());
        CHECK(outcome(request, rsa_public()) == expected);
    };
    std::string params = ";created=1700000000;keyid=\"" + std::string(key_id) + "\"";
    check(R"(("@method" "@target-uri" "content-digest"))" + params, "ok");
    check(R"(("content-digest" "@target-uri" "@method"))" + params, "ok");
    check(R"(("@method" "@authority" "@path" "content-digest"))" + params, "ok");
    check(R"(("@method" "host" "@request-target" "content-digest"))" + params, "ok");
    check(R"(("@target-uri" "content-digest"))" + params, "not_covered");
    check(R"(("@method" "@path" "content-digest"))" + params, "not_covered");
    check(R"(("@method" "@authority" "content-digest"))" + params, "not_covered");
    check(R"(("@method" "@target-uri"))" + params, "not_covered");
    check(R"(("@method" "@target-uri" "content-digest");keyid="k")", "not_covered"); // no created
    check(R"(("@method" "@target-uri"))" + params, "ok", false);
    check(R"(("@method" "@authority" "@path"))" + params, "not_covered", false, "/outbox?page=2");
    check(R"(("@method" "@authority" "@path" "@query"))" + params, "ok", false, "/outbox?page=2");
}

TEST_CASE("RFC 9421: malformed and unsupported signatures are refused", "[unit][signatures]") {
    auto base = signed_post(rsa_key());
    std::string params = ";created=1700000000;keyid=\"" + std::string(key_id) + "\"";
    std::string good = R"(("@method" "@target-uri" "content-digest"))" + params;
    auto signature = base;
    sign_as_written(signature, good, rsa_key());
    CHECK(outcome(signature, rsa_public()) == "ok");
    std::string sig = signature.get("Signature");

    auto with = [&](std::string input, std::string signature_field) {
        auto request = base;
        request.set("Signature-Input", std::move(input));
        request.set("Signature", std::move(signature_field));
        return outcome(request, rsa_public());
    };
    CHECK(with("sig1=" + good, sig) == "ok");
    CHECK(with("sig1=" + good + ", sig1=" + good, sig) == "malformed"); // label twice
    CHECK(with("sig1=" + good, sig + ", " + sig) == "malformed");       // label twice
    CHECK(with("sig1=" + good, sig + ", sig2=:AAAA:") == "malformed");  // sig2 has no input
    CHECK(with("sig2=" + good, sig) == "malformed");                    // sig1 has no input
    CHECK(with("sig1=" + good, "sig1=\"not bytes\"") == "malformed");
    CHECK(with("sig1=" + good, "sig1=::") == "malformed");
    CHECK(with("sig1=\"@method\"" + params, sig) == "malformed"); // not an inner list
    CHECK(with("sig1=(\"@method\" \"@target-uri\" \"content-digest\");created=1700000000", sig) ==
          "malformed"); // no keyid
    CHECK(with("sig1=(\"@method\" \"@target-uri\" \"content-digest\");created=\"1700000000\";"
               "keyid=\"k\"",
               sig) == "malformed");
    CHECK(with("sig1=(\"@method\" \"@target-uri\" \"content-digest\");created=1700000000;"
               "created=1700000001;keyid=\"k\"",
               sig) == "malformed");
    CHECK(with(R"(sig1=("@method" "@method" "@target-uri" "content-digest"))" + params, sig) ==
          "malformed");
    CHECK(with(R"(sig1=("@Method" "@target-uri" "content-digest"))" + params, sig) == "malformed");
    CHECK(with(R"(sig1=("@method" "@target-uri" "Content-Digest"))" + params, sig) == "malformed");
    CHECK(with(R"(sig1=("@method" "@target-uri" "content-digest";sf))" + params, sig) ==
          "malformed");
    CHECK(with(R"(sig1=("@method" "@target-uri" "content-digest" "@status"))" + params, sig) ==
          "malformed");
    CHECK(with(R"(sig1=("@method" "@target-uri" "content-digest" "@signature-params"))" + params,
               sig) == "malformed");
    CHECK(with(R"(sig1=("@method" "@target-uri" "content-digest" 1))" + params, sig) ==
          "malformed");
    CHECK(with("sig1=" + good + ";alg=\"hmac-sha256\"", sig) == "unsupported_algorithm");
    CHECK(with("sig1=" + good + ";alg=ed25519", sig) == "malformed"); // a token, not a string
    CHECK(with("sig1=" + good + ";alg=\"ed25519\"", sig) == "key_mismatch");
    CHECK(with("sig1=" + good, "") == "malformed");
    CHECK(with(R"(sig1=("@method" "@target-uri" "content-digest" "x-missing"))" + params, sig) ==
          "missing_header");

    auto signature_only = base;
    signature_only.remove("Signature-Input");
    CHECK(outcome(signature_only, rsa_public()) == "malformed"); // read as a cavage header
    auto input_only = base;
    input_only.remove("Signature");
    CHECK(outcome(input_only, rsa_public()) == "malformed");
    auto neither = base;
    neither.remove("Signature");
    neither.remove("Signature-Input");
    CHECK(outcome(neither, rsa_public()) == "unsigned_request");

    // A Content-Digest with only an algorithm we do not check, or a sha-512 one.
    auto digest = [&](std::string value) {
        auto request = post(); // the signer keeps a Content-Digest it is given
        request.headers.emplace_back("Content-Digest", std::move(value));
        REQUIRE(sign_rfc9421(request, rsa_key(), key_id, now));
        return outcome(arrived(request), rsa_public());
    };
    CHECK(digest("unixsum=:AAAA:") == "unsupported_algorithm");
    CHECK(digest("sha-512=:" + base64_encode(std::string(64, 'x')) + ":") == "digest_mismatch");
    CHECK(digest("sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=") == "malformed");
}

TEST_CASE("RFC 9421: the clock window", "[unit][signatures]") {
    auto at_age = [](std::int64_t age) {
        return outcome(signed_post(rsa_key(), now - age), rsa_public());
    };
    CHECK(at_age(0) == "ok");
    CHECK(at_age(3600) == "ok");
    CHECK(at_age(3601) == "expired");
    CHECK(at_age(-3600) == "ok");
    CHECK(at_age(-3601) == "not_yet_valid");
    auto with_expiry = [](std::int64_t expires) {
        auto request = signed_post(rsa_key());
        sign_as_written(request,
                        R"(("@method" "@target-uri" "content-digest");created=1700000000;keyid=")" +
                            std::string(key_id) + "\";expires=" + std::to_string(expires),
                        rsa_key());
        return outcome(request, rsa_public());
    };
    CHECK(with_expiry(now + 60) == "ok");
    CHECK(with_expiry(now - 60) == "ok"); // within the skew
    CHECK(with_expiry(now - 3601) == "expired");
}

TEST_CASE("RFC 9421: header names and repeated headers", "[unit][signatures]") {
    auto request = signed_post(rsa_key());
    for (auto& [name, value] : request.headers)
        std::transform(name.begin(), name.end(), name.begin(), ::toupper);
    CHECK(outcome(request, rsa_public()) == "ok");

    auto repeated = signed_post(rsa_key());
    repeated.headers.emplace_back("X-List", " a ");
    repeated.headers.emplace_back("x-list", "b,c");
    sign_as_written(repeated,
                    R"(("@method" "@target-uri" "content-digest" "x-list");created=1700000000;)"
                    R"(keyid=")" +
                        std::string(key_id) + "\"",
                    rsa_key());
    auto claim = read_signature(repeated.view(), at(now));
    REQUIRE(claim);
    CHECK(claim->signed_data[0].find("\n\"x-list\": a, b,c\n") != std::string::npos);
    CHECK(outcome(repeated, rsa_public()) == "ok");
    std::swap(repeated.headers[repeated.headers.size() - 2], repeated.headers.back());
    CHECK(outcome(repeated, rsa_public()) == "bad_signature");
    auto non_ascii = repeated;
    non_ascii.set("X-List", "caf\xc3\xa9");
    CHECK(outcome(non_ascii, rsa_public()) == "malformed");
}
