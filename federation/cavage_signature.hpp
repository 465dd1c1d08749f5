// draft-cavage-http-signatures-12 (the `Signature` header Mastodon, GoToSocial, Misskey and
// Pleroma send): reading a request's signature. Signing is sign_cavage in http_signature.hpp.
#pragma once

#include "federation/http_signature.hpp"

#include <map>

namespace agora::federation {

// The parameters of a `Signature` header (keyId="...",algorithm=...): quoted-string or token
// values, any order, names case-insensitive (kept lowercased). Unknown parameters are kept
// too (the reader ignores them); a repeated parameter or anything unparseable is an error.
std::expected<std::map<std::string, std::string>, std::string>
parse_cavage_parameters(std::string_view header);

std::expected<SignatureClaim, SignatureError> read_cavage_signature(const ReceivedRequest& request,
                                                                    const VerifyOptions& options);

} // namespace agora::federation
