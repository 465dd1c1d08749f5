// JSON text of a document, written faster than nlohmann's dump() (answers of 100 KB and more are
// written on every timeline read): the same compact output, invalid UTF-8 replaced by U+FFFD.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace agora {

std::string to_json_text(const nlohmann::json& document);

} // namespace agora
