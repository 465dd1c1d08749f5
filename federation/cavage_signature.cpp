// draft-cavage-http-signatures-12 (the `Signature` header Mastodon, GoToSocial, Misskey and
// Pleroma send): signing a request, and reading a request's signature.
#include "federation/cavage_signature.hpp"

#include "federation/base64.hpp"
#include "federation/body_digest.hpp"
#include "federation/http_date.hpp"
#include "federation/signature_support.hpp"

#include <algorithm>
#include <ctime>
#include <set>

namespace agora::federation {

using namespace signature_support;

namespace {

bool is_tchar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string lowercase(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

// An integer timestamp parameter; the draft allows a decimal `expires`, whose fraction is
// dropped. nullopt when it is not a number.
std::optional<std::int64_t> timestamp(std::string_view text) {
    auto dot = text.find('.');
    auto integer = text.substr(0, dot);
    if (integer.empty() || integer.size() > 15) return std::nullopt;
    if (dot != std::string_view::npos) {
        auto fraction = text.substr(dot + 1);
        if (fraction.empty() || !std::all_of(fraction.begin(), fraction.end(), ::isdigit))
            return std::nullopt;
    }
    std::int64_t value = 0;
    for (char c : integer) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

// Which algorithm the `algorithm` parameter names: nullopt for hs2019 (the key decides); an
// error for algorithms not implemented here.
std::expected<std::optional<SignatureAlgorithm>, std::string>
named_algorithm(std::string_view name) {
    auto lower = lowercase(name);
    if (lower == "hs2019") return std::nullopt;
    if (lower == "rsa-sha256") return SignatureAlgorithm::rsa_v1_5_sha256;
    if (lower == "rsa-sha512") return SignatureAlgorithm::rsa_v1_5_sha512;
    if (lower == "ed25519") return SignatureAlgorithm::ed25519;
    return std::unexpected("algorithm \"" + std::string(name) +
                           "\" is not supported (rsa-sha256, hs2019 and ed25519 are)");
}

// The draft forbids the (created) and (expires) pseudo-headers with the old rsa-, hmac- and
// ecdsa- algorithm names.
bool old_algorithm_name(std::string_view name) {
    auto lower = lowercase(name);
    return lower.starts_with("rsa") || lower.starts_with("hmac") || lower.starts_with("ecdsa");
}

bool covers(const std::vector<std::string>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

} // namespace

std::expected<std::map<std::string, std::string>, std::string>
parse_cavage_parameters(std::string_view header) {
    std::map<std::string, std::string> parameters;
    std::size_t i = 0;
    auto skip_ows = [&] {
        while (i < header.size() && (header[i] == ' ' || header[i] == '\t'))
            ++i;
    };
    skip_ows();
    if (i == header.size()) return std::unexpected("empty Signature header");
    while (true) {
        std::size_t start = i;
        while (i < header.size() && is_tchar(header[i]))
            ++i;
        if (i == start) return std::unexpected("expected a parameter name");
        std::string name = lowercase(header.substr(start, i - start));
        skip_ows();
        if (i == header.size() || header[i] != '=')
            return std::unexpected("expected '=' after " + name);
        ++i;
        skip_ows();
        std::string value;
        if (i < header.size() && header[i] == '"') {
            ++i;
            bool closed = false;
            while (i < header.size()) {
                char c = header[i++];
                if (c == '"') {
                    closed = true;
                    break;
                }
                if (c == '\\') {
                    if (i == header.size()) break;
                    c = header[i++];
                }
                if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f)
                    return std::unexpected("control character in " + name);
                value.push_back(c);
            }
            if (!closed) return std::unexpected("unterminated quoted value of " + name);
        } else {
            std::size_t value_start = i;
            while (i < header.size() && is_tchar(header[i]))
                ++i;
            if (i == value_start) return std::unexpected("missing value of " + name);
            value = header.substr(value_start, i - value_start);
        }
        if (!parameters.emplace(name, std::move(value)).second)
            return std::unexpected("parameter " + name + " repeated");
        skip_ows();
        if (i == header.size()) return parameters;
        if (header[i] != ',') return std::unexpected("expected ',' after " + name);
        ++i;
        skip_ows();
    }
}

std::expected<SignatureClaim, SignatureError> read_cavage_signature(const ReceivedRequest& request,
                                                                    const VerifyOptions& options) {
    auto header = combined_header(request.headers, "signature");
    if (!header) return fail(SignatureFailure::unsigned_request, "the request is not signed");
    auto parameters = parse_cavage_parameters(*header);
    if (!parameters)
        return fail(SignatureFailure::malformed, "Signature header: " + parameters.error());
    auto param = [&](const char* name) -> const std::string* {
        auto it = parameters->find(name);
        return it == parameters->end() ? nullptr : &it->second;
    };

    SignatureClaim claim;
    claim.scheme = SignatureScheme::draft_cavage;
    auto* key_id = param("keyid");
    if (!key_id || key_id->empty())
        return fail(SignatureFailure::malformed, "the Signature header has no keyId");
    claim.key_id = *key_id;
    auto error = [&](SignatureFailure failure, std::string message) {
        return fail(failure, std::move(message), claim.key_id);
    };

    auto* signature = param("signature");
    if (!signature || signature->empty())
        return error(SignatureFailure::malformed, "the Signature header has no signature");
    auto decoded = base64_decode(*signature);
    if (!decoded || decoded->empty())
        return error(SignatureFailure::malformed, "the signature is not base64");
    claim.signature = std::move(*decoded);

    auto* algorithm_name = param("algorithm");
    std::string algorithm = algorithm_name ? *algorithm_name : "hs2019";
    auto named = named_algorithm(algorithm);
    if (!named) return error(SignatureFailure::unsupported_algorithm, named.error());
    claim.named_algorithm = *named;

    std::optional<std::int64_t> created, expires;
    for (auto [name, slot] : {std::pair{"created", &created}, std::pair{"expires", &expires}})
        if (auto* value = param(name)) {
            *slot = timestamp(*value);
            if (!*slot)
                return error(SignatureFailure::malformed,
                             std::string(name) + " is not a unix time: " + *value);
        }

    // Covered headers: as listed, lowercased; by default (created) for hs2019 and date for the
    // older algorithm names (as Mastodon reads it).
    std::vector<std::string> covered;
    std::set<std::string> seen;
    if (auto* headers = param("headers")) {
        std::string_view list = *headers;
        std::size_t i = 0;
        while (i < list.size()) {
            while (i < list.size() && list[i] == ' ')
                ++i;
            std::size_t start = i;
            while (i < list.size() && list[i] != ' ')
                ++i;
            if (i == start) break;
            auto name = lowercase(list.substr(start, i - start));
            if (!seen.insert(name).second)
                return error(SignatureFailure::malformed, "headers lists " + name + " twice");
            covered.push_back(std::move(name));
        }
        if (covered.empty()) return error(SignatureFailure::malformed, "headers is empty");
    } else {
        covered.push_back(old_algorithm_name(algorithm) ? "date" : "(created)");
    }

    if (auto host = check_host(request, options, claim.key_id); !host)
        return std::unexpected(host.error());

    if (options.require_fediverse_coverage) {
        auto require = [&](bool ok, std::string_view what) -> std::expected<void, SignatureError> {
            if (ok) return {};
            return error(SignatureFailure::not_covered,
                         "the signature must cover " + std::string(what));
        };
        for (auto check :
             {require(covers(covered, "(request-target)"), "(request-target)"),
              require(covers(covered, "host"), "host"),
              require(covers(covered, "date") || covers(covered, "(created)"), "date or (created)"),
              require(!has_content(request) || covers(covered, "digest"),
                      "digest when the request has a body")})
            if (!check) return std::unexpected(check.error());
    }

    // The signing string, with a second reading without the query when there is one.
    std::string method = lowercase(request.method);
    std::string_view target = request.target;
    std::string_view path_only = target.substr(0, target.find('?'));
    std::vector<std::string_view> targets = {target};
    if (path_only != target) targets.push_back(path_only);
    for (auto each_target : targets) {
        std::string text;
        for (const auto& name : covered) {
            if (!text.empty()) text += '\n';
            text += name + ": ";
            if (name == "(request-target)") {
                text += method + " " + std::string(each_target);
            } else if (name == "(created)" || name == "(expires)") {
                if (algorithm_name && old_algorithm_name(algorithm))
                    return error(SignatureFailure::malformed,
                                 name + " cannot be signed with algorithm " + algorithm);
                auto* value = param(name == "(created)" ? "created" : "expires");
                if (!value)
                    return error(SignatureFailure::malformed,
                                 name + " is covered but its parameter is missing");
                text += std::to_string(name == "(created)" ? *created : *expires);
            } else if (name.front() == '(') {
                return error(SignatureFailure::malformed, "unknown pseudo-header " + name);
            } else {
                auto value = combined_header(request.headers, name);
                if (!value)
                    return error(SignatureFailure::missing_header,
                                 "the signed header " + name + " is missing");
                if (!safe_line(*value))
                    return error(SignatureFailure::malformed,
                                 "the signed header " + name + " spans several lines");
                text += *value;
            }
        }
        claim.signed_data.push_back(std::move(text));
    }

    // The clock: the signed Date, and the created and expires parameters.
    std::optional<std::int64_t> signed_date;
    if (covers(covered, "date")) {
        auto date = combined_header(request.headers, "date");
        signed_date = date ? parse_http_date(*date) : std::nullopt;
        if (!signed_date)
            return error(SignatureFailure::malformed, "the signed Date is not an HTTP date");
    }
    for (auto time : {signed_date, created})
        if (auto window = check_times(time, expires, options, claim.key_id); !window)
            return std::unexpected(window.error());
    claim.created = covers(covered, "(created)") ? created : signed_date;

    if (covers(covered, "digest")) {
        auto digest = combined_header(request.headers, "digest");
        if (!digest) return error(SignatureFailure::missing_header, "the Digest header is missing");
        if (auto checked = check_digest_header(*digest, request.body); !checked) {
            switch (checked.error()) {
            case DigestProblem::malformed:
                return error(SignatureFailure::malformed, "the Digest header is unreadable");
            case DigestProblem::unsupported:
                return error(SignatureFailure::unsupported_algorithm,
                             "the Digest header has no SHA-256 value");
            case DigestProblem::mismatch:
                return error(SignatureFailure::digest_mismatch,
                             "the body does not match its Digest");
            }
        }
    }
    return claim;
}

std::expected<void, std::string> sign_cavage(OutgoingRequest& request, const PrivateKey& key,
                                             std::string_view key_id, std::int64_t now) {
    if (now == 0) now = std::int64_t(std::time(nullptr));
    if (key_id.empty() || key_id.find_first_of("\"\\") != std::string_view::npos ||
        !safe_line(key_id))
        return std::unexpected("a keyId cannot contain quotes, backslashes or line breaks");
    bool with_content = !request.body.empty() || http::iequals(request.method, "POST");
    if (with_content && !find_header(request.headers, "digest"))
        request.headers.emplace_back("Digest", digest_header(request.body));
    auto url = prepare_outgoing(request, now);
    if (!url) return std::unexpected(url.error());

    std::vector<std::string> covered = {"(request-target)", "host", "date"};
    if (with_content) {
        covered.push_back("digest");
        if (find_header(request.headers, "content-type")) covered.push_back("content-type");
    } else if (find_header(request.headers, "accept")) {
        covered.push_back("accept");
    }
    std::string text;
    for (const auto& name : covered) {
        if (!text.empty()) text += '\n';
        text += name + ": ";
        if (name == "(request-target)")
            text += lowercase(request.method) + " " + url->target;
        else
            text += *combined_header(request.headers, name);
    }
    std::string headers_list;
    for (const auto& name : covered)
        headers_list += (headers_list.empty() ? "" : " ") + name;
    auto algorithm = key.default_algorithm();
    std::string signature = base64_encode(key.sign(algorithm, text));
    request.headers.emplace_back(
        "Signature",
        "keyId=\"" + std::string(key_id) + "\",algorithm=\"" +
            (algorithm == SignatureAlgorithm::rsa_v1_5_sha256 ? "rsa-sha256" : "hs2019") +
            "\",headers=\"" + headers_list + "\",signature=\"" + signature + "\"");
    return {};
}

} // namespace agora::federation
