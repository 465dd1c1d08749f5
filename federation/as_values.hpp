// Reading ActivityStreams values as servers write them: a property that may be one value or an
// array, a link given as its id or as an embedded object, types, the Public collection.
#pragma once

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agora::federation {

// The id of a value given as a string or as an object with a string "id"; never "".
std::optional<std::string> id_of(const nlohmann::json& value);
// The string at `key` of an object.
std::optional<std::string> string_at(const nlohmann::json& object, std::string_view key);
// The values of a property written as one value or as an array (null and absent: none).
std::vector<nlohmann::json> values_of(const nlohmann::json& object, std::string_view key);
// The ids of a property (strings or objects with ids), in order, at most `limit` of them.
std::vector<std::string> ids_at(const nlohmann::json& object, std::string_view key,
                                std::size_t limit = 1000);
// Whether the object's type (a string, or an array of them) is one of `types`.
bool has_type(const nlohmann::json& object, std::initializer_list<std::string_view> types);
// The object's first type, or "" when it has none.
std::string type_of(const nlohmann::json& object);
// The Public collection, however it is written ("as:Public", "Public" or the full IRI).
bool is_public_collection(std::string_view id);
// The first value of a language map ({"en": "..."}) and its key; nullopt when there is none.
struct LanguageValue {
    std::string language;
    std::string value;
};
std::optional<LanguageValue> first_of_map(const nlohmann::json& object, std::string_view key);

} // namespace agora::federation
