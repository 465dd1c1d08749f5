// The JSON-LD @context of the documents Agora sends: ActivityStreams plus the extension terms
// (Mastodon's toot:, ostatus: and as: additions) that a document actually uses.
#pragma once

#include <nlohmann/json.hpp>

namespace agora::federation {

// `document` with an "@context" naming ActivityStreams and the extensions found anywhere inside
// it: sensitive, Hashtag, conversation, votersCount, blurhash, focalPoint. A document that uses
// none gets the ActivityStreams URL alone, as Mastodon writes it.
nlohmann::json with_context(nlohmann::json document);

// The same with a given @context (an actor's, when an Update carries the actor document).
nlohmann::json with_context(nlohmann::json document, const nlohmann::json& context);

} // namespace agora::federation
