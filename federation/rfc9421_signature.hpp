// RFC 9421 HTTP Message Signatures (`Signature-Input` and `Signature`, as Mastodon 4.5 and
// Fedify send them): reading a request's signature. Signing is sign_rfc9421 in
// http_signature.hpp.
#pragma once

#include "federation/http_signature.hpp"

namespace agora::federation {

std::expected<SignatureClaim, SignatureError> read_rfc9421_signature(const ReceivedRequest& request,
                                                                     const VerifyOptions& options);

} // namespace agora::federation
