// RFC 9421 HTTP Message Signatures (`Signature-Input` and `Signature`, as Mastodon 4.5 and
// Fedify send them): signing a request, and reading a request's signature.
#include "federation/rfc9421_signature.hpp"

#include "federation/body_digest.hpp"
#include "federation/signature_support.hpp"
#include "federation/structured_fields.hpp"

#include <algorithm>
#include <ctime>
#include <set>

namespace agora::federation {

using namespace signature_support;

namespace {

constexpr std::string_view signature_label = "sig1";

// The algorithm an `alg` parameter names (RFC 9421 section 6.2.2); an error for those not
// implemented here.
std::expected<SignatureAlgorithm, std::string> algorithm_named(std::string_view name) {
    if (name == "rsa-v1_5-sha256") return SignatureAlgorithm::rsa_v1_5_sha256;
    if (name == "rsa-pss-sha512") return SignatureAlgorithm::rsa_pss_sha512;
    if (name == "ed25519") return SignatureAlgorithm::ed25519;
    return std::unexpected("alg \"" + std::string(name) +
                           "\" is not supported (rsa-v1_5-sha256, rsa-pss-sha512 and ed25519 are)");
}

std::string_view algorithm_name(SignatureAlgorithm algorithm) {
    switch (algorithm) {
    case SignatureAlgorithm::rsa_v1_5_sha256:
        return "rsa-v1_5-sha256";
    case SignatureAlgorithm::rsa_pss_sha512:
        return "rsa-pss-sha512";
    case SignatureAlgorithm::ed25519:
        return "ed25519";
    case SignatureAlgorithm::rsa_v1_5_sha512:
        break;
    }
    return "";
}

// Derived component values (RFC 9421 section 2.2) of a received request.
struct Derived {
    std::string_view method;
    std::string scheme;
    std::optional<std::string> authority; // from Host; nullopt without one
    std::string_view target;
    std::string_view path;
    std::string query; // with its '?', "?" alone when there is none
};

Derived derive(const ReceivedRequest& request, const VerifyOptions& options) {
    Derived d;
    d.method = request.method;
    d.scheme = options.scheme;
    std::transform(d.scheme.begin(), d.scheme.end(), d.scheme.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    if (auto host = combined_header(request.headers, "host"))
        d.authority = normalized_authority(d.scheme, *host);
    d.target = request.target;
    auto question = d.target.find('?');
    d.path = d.target.substr(0, question);
    d.query = question == std::string_view::npos ? "?" : std::string(d.target.substr(question));
    return d;
}

bool is_ascii_line(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u >= 0x20 && u < 0x7f;
    });
}

bool contains(const std::vector<std::string>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

} // namespace

std::expected<SignatureClaim, SignatureError> read_rfc9421_signature(const ReceivedRequest& request,
                                                                     const VerifyOptions& options) {
    auto input_field = combined_header(request.headers, "signature-input");
    auto signature_field = combined_header(request.headers, "signature");
    if (!input_field && !signature_field)
        return fail(SignatureFailure::unsigned_request, "the request is not signed");
    if (!input_field || !signature_field)
        return fail(SignatureFailure::malformed,
                    "Signature-Input and Signature must come together");
    auto inputs = sf::parse_dictionary(*input_field);
    if (!inputs) return fail(SignatureFailure::malformed, "Signature-Input: " + inputs.error());
    auto signatures = sf::parse_dictionary(*signature_field);
    if (!signatures) return fail(SignatureFailure::malformed, "Signature: " + signatures.error());
    std::set<std::string> input_labels;
    for (const auto& [label, member] : *inputs)
        input_labels.insert(label);
    for (const auto& [label, member] : *signatures)
        if (!input_labels.contains(label))
            return fail(SignatureFailure::malformed,
                        "signature " + label + " has no Signature-Input");

    // The signature to verify: the one asked for, or the first.
    if (inputs->empty()) return fail(SignatureFailure::malformed, "Signature-Input is empty");
    std::string label =
        options.rfc9421_label.empty() ? inputs->front().first : options.rfc9421_label;
    const sf::Member* input = nullptr;
    for (const auto& [name, member] : *inputs)
        if (name == label) input = &member;
    if (!input) return fail(SignatureFailure::malformed, "no signature labelled " + label);
    const sf::Member* signature_member = nullptr;
    for (const auto& [name, member] : *signatures)
        if (name == label) signature_member = &member;
    if (!signature_member)
        return fail(SignatureFailure::malformed, "Signature-Input " + label + " has no Signature");

    auto* list = std::get_if<sf::InnerList>(input);
    if (!list)
        return fail(SignatureFailure::malformed,
                    "Signature-Input " + label + " is not a list of components");

    SignatureClaim claim;
    claim.scheme = SignatureScheme::rfc9421;
    auto* key_id = sf::find_parameter(list->parameters, "keyid");
    auto* key_id_text = key_id ? std::get_if<std::string>(key_id) : nullptr;
    if (!key_id_text || key_id_text->empty())
        return fail(SignatureFailure::malformed, "signature " + label + " has no keyid");
    claim.key_id = *key_id_text;
    auto error = [&](SignatureFailure failure, std::string message) {
        return fail(failure, std::move(message), claim.key_id);
    };

    auto* signature_item = std::get_if<sf::Item>(signature_member);
    auto* bytes = signature_item ? std::get_if<sf::ByteSequence>(&signature_item->value) : nullptr;
    if (!bytes || bytes->bytes.empty())
        return error(SignatureFailure::malformed, "signature " + label + " is not a byte sequence");
    claim.signature = bytes->bytes;

    // Signature parameters: the registered ones must have their registered types.
    std::optional<std::int64_t> created, expires;
    for (const auto& [name, value] : list->parameters) {
        if (name == "created" || name == "expires") {
            auto* number = std::get_if<std::int64_t>(&value);
            if (!number) return error(SignatureFailure::malformed, name + " is not an integer");
            (name == "created" ? created : expires) = *number;
        } else if (name == "alg") {
            auto* text = std::get_if<std::string>(&value);
            if (!text) return error(SignatureFailure::malformed, "alg is not a string");
            auto algorithm = algorithm_named(*text);
            if (!algorithm)
                return error(SignatureFailure::unsupported_algorithm, algorithm.error());
            claim.named_algorithm = *algorithm;
        } else if (name == "nonce" || name == "tag") {
            if (!std::get_if<std::string>(&value))
                return error(SignatureFailure::malformed, name + " is not a string");
        }
    }

    // Covered components: lowercase names, each once, without parameters (sf, key, bs, req, tr
    // and @query-param's name are not needed by the fediverse and not implemented).
    std::vector<std::string> components;
    std::set<std::string> seen;
    for (const auto& item : list->items) {
        auto* name = std::get_if<std::string>(&item.value);
        if (!name || name->empty())
            return error(SignatureFailure::malformed, "a covered component is not a string");
        if (!item.parameters.empty())
            return error(SignatureFailure::malformed,
                         "component parameters are not supported (" + sf::serialize(item) + ")");
        if (std::any_of(name->begin(), name->end(),
                        [](unsigned char c) { return std::isupper(c); }))
            return error(SignatureFailure::malformed, "component " + *name + " is not lowercase");
        if (!seen.insert(*name).second)
            return error(SignatureFailure::malformed, "component " + *name + " is covered twice");
        if (*name == "@signature-params")
            return error(SignatureFailure::malformed, "@signature-params cannot be covered");
        components.push_back(*name);
    }

    if (auto host = check_host(request, options, claim.key_id); !host)
        return std::unexpected(host.error());

    auto derived = derive(request, options);
    if (options.require_fediverse_coverage) {
        bool has_query = derived.query != "?";
        bool target = contains(components, "@target-uri") ||
                      ((contains(components, "@request-target") || contains(components, "@path")) &&
                       (contains(components, "@authority") || contains(components, "host")) &&
                       (!has_query || contains(components, "@query") ||
                        contains(components, "@request-target")));
        if (!created)
            return error(SignatureFailure::not_covered, "the signature has no created time");
        if (!contains(components, "@method"))
            return error(SignatureFailure::not_covered, "the signature must cover @method");
        if (!target)
            return error(SignatureFailure::not_covered,
                         "the signature must cover @target-uri (or @authority, @path and @query)");
        if (has_content(request) && !contains(components, "content-digest"))
            return error(SignatureFailure::not_covered,
                         "the signature must cover content-digest when the request has a body");
    }

    // The signature base (RFC 9421 section 2.5).
    std::string base;
    for (const auto& name : components) {
        std::string value;
        if (name.front() == '@') {
            if (name == "@method") {
                value = derived.method;
            } else if (name == "@scheme") {
                value = derived.scheme;
            } else if (name == "@authority" || name == "@target-uri") {
                if (!derived.authority)
                    return error(SignatureFailure::missing_header,
                                 name + " is covered but the request has no Host");
                value = name == "@authority" ? *derived.authority
                                             : derived.scheme + "://" + *derived.authority +
                                                   std::string(derived.target);
            } else if (name == "@request-target") {
                value = derived.target;
            } else if (name == "@path") {
                value = derived.path.empty() ? "/" : std::string(derived.path);
            } else if (name == "@query") {
                value = derived.query;
            } else {
                return error(SignatureFailure::malformed,
                             "derived component " + name + " is not supported in a request");
            }
        } else {
            auto field = combined_header(request.headers, name);
            if (!field)
                return error(SignatureFailure::missing_header,
                             "the signed header " + name + " is missing");
            value = std::move(*field);
        }
        if (!is_ascii_line(value))
            return error(SignatureFailure::malformed,
                         "the value of " + name + " is not printable ASCII");
        base += "\"" + name + "\": " + value + "\n";
    }
    base += "\"@signature-params\": " + sf::serialize(*list);
    claim.signed_data.push_back(std::move(base));

    if (auto window = check_times(created, expires, options, claim.key_id); !window)
        return std::unexpected(window.error());
    claim.created = created;

    if (contains(components, "content-digest")) {
        auto digest = combined_header(request.headers, "content-digest");
        if (auto checked = check_content_digest(*digest, request.body); !checked) {
            switch (checked.error()) {
            case DigestProblem::malformed:
                return error(SignatureFailure::malformed, "the Content-Digest is unreadable");
            case DigestProblem::unsupported:
                return error(SignatureFailure::unsupported_algorithm,
                             "the Content-Digest has no sha-256 or sha-512 value");
            case DigestProblem::mismatch:
                return error(SignatureFailure::digest_mismatch,
                             "the body does not match its Content-Digest");
            }
        }
    }
    return claim;
}

std::expected<void, std::string> sign_rfc9421(OutgoingRequest& request, const PrivateKey& key,
                                              std::string_view key_id, std::int64_t now) {
    if (now == 0) now = std::int64_t(std::time(nullptr));
    if (key_id.empty() || !is_ascii_line(key_id))
        return std::unexpected("a keyid must be printable ASCII");
    bool with_content = !request.body.empty() || http::iequals(request.method, "POST");
    if (with_content && !find_header(request.headers, "content-digest"))
        request.headers.emplace_back("Content-Digest", content_digest_header(request.body));
    auto url = prepare_outgoing(request, now);
    if (!url) return std::unexpected(url.error());
    auto algorithm = key.default_algorithm();

    sf::InnerList input;
    for (std::string_view name : {"@method", "@target-uri"})
        input.items.push_back({std::string(name), {}});
    if (with_content) {
        if (find_header(request.headers, "content-type"))
            input.items.push_back({std::string("content-type"), {}});
        input.items.push_back({std::string("content-digest"), {}});
    }
    input.parameters = {{"created", now},
                        {"keyid", std::string(key_id)},
                        {"alg", std::string(algorithm_name(algorithm))}};

    std::string method = request.method;
    std::string base = "\"@method\": " + method + "\n\"@target-uri\": " + url->scheme + "://" +
                       url->authority + url->target + "\n";
    for (std::size_t i = 2; i < input.items.size(); ++i) {
        auto& name = std::get<std::string>(input.items[i].value);
        auto value = *combined_header(request.headers, name);
        if (!is_ascii_line(value)) return std::unexpected(name + " is not printable ASCII");
        base += "\"" + name + "\": " + value + "\n";
    }
    std::string params = sf::serialize(input);
    base += "\"@signature-params\": " + params;
    std::string signature = key.sign(algorithm, base);
    request.headers.emplace_back("Signature-Input", std::string(signature_label) + "=" + params);
    request.headers.emplace_back("Signature",
                                 std::string(signature_label) + "=" +
                                     sf::serialize(sf::BareItem(sf::ByteSequence{signature})));
    return {};
}

} // namespace agora::federation
