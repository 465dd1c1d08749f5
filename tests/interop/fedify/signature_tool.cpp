// agora_signature_tool: Agora's HTTP signature code behind a JSON pipe, so that the Fedify
// interop test (signatures_test.mjs) can have Agora sign what Fedify verifies and the reverse.
//
// stdin, one JSON object:
//   {"op": "sign", "scheme": "draft-cavage" | "rfc9421", "private_key_pem": "...",
//    "key_id": "...", "request": {"method", "url", "headers": [[name, value]...], "body"}}
//   -> {"headers": [[name, value]...]}        (the request's headers, signature added)
//   {"op": "verify", "public_key_pem": "...", "request": {...}}
//   -> {"ok": true, "key_id", "scheme"} or {"ok": false, "failure", "message", "key_id"}
// The verifier expects the URL's own host and scheme, with Agora's default policy and clock.
#include "federation/http_signature.hpp"
#include "federation/signature_support.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

using namespace agora::federation;
using nlohmann::json;

namespace {

OutgoingRequest request_from(const json& in) {
    OutgoingRequest request{in.at("method"), in.at("url"), {}, in.value("body", "")};
    for (const auto& header : in.at("headers"))
        request.headers.emplace_back(header.at(0).get<std::string>(),
                                     header.at(1).get<std::string>());
    return request;
}

json sign(const json& in) {
    auto key = PrivateKey::from_pem(in.at("private_key_pem").get<std::string>());
    if (!key) return {{"error", key.error()}};
    auto request = request_from(in.at("request"));
    std::string key_id = in.at("key_id");
    auto signed_request = in.at("scheme") == "rfc9421" ? sign_rfc9421(request, *key, key_id)
                                                       : sign_cavage(request, *key, key_id);
    if (!signed_request) return {{"error", signed_request.error()}};
    return {{"headers", request.headers}};
}

json verify(const json& in) {
    auto key = PublicKey::from_pem(in.at("public_key_pem").get<std::string>());
    if (!key) return {{"error", key.error()}};
    auto request = request_from(in.at("request"));
    auto url = signature_support::split_url(request.url);
    if (!url) return {{"error", "bad url"}};
    VerifyOptions options;
    options.scheme = url->scheme;
    options.expected_authority = url->authority;
    ReceivedRequest received{request.method, url->target, request.headers, request.body};
    auto verified = verify_signature(received, *key, options);
    if (!verified)
        return {{"ok", false},
                {"failure", failure_name(verified.error().failure)},
                {"message", verified.error().message},
                {"key_id", verified.error().key_id}};
    return {{"ok", true},
            {"key_id", verified->key_id},
            {"scheme", verified->scheme == SignatureScheme::rfc9421 ? "rfc9421" : "draft-cavage"}};
}

} // namespace

int main() {
    try {
        json in = json::parse(std::cin);
        json out = in.at("op") == "sign" ? sign(in) : verify(in);
        std::cout << out.dump() << "\n";
        return out.contains("error") ? 1 : 0;
    } catch (const std::exception& e) {
        std::cerr << "agora_signature_tool: " << e.what() << "\n";
        return 2;
    }
}
