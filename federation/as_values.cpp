// Reading ActivityStreams values as servers write them.
#include "federation/as_values.hpp"

#include "federation/activitypub.hpp"

#include <algorithm>

namespace agora::federation {

using nlohmann::json;

std::optional<std::string> id_of(const json& value) {
    std::optional<std::string> id;
    if (value.is_string())
        id = value.get<std::string>();
    else if (value.is_object())
        id = string_at(value, "id");
    if (id && id->empty()) return std::nullopt;
    return id;
}

std::optional<std::string> string_at(const json& object, std::string_view key) {
    if (!object.is_object()) return std::nullopt;
    auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

std::vector<json> values_of(const json& object, std::string_view key) {
    std::vector<json> out;
    if (!object.is_object()) return out;
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return out;
    if (!it->is_array()) {
        out.push_back(*it);
        return out;
    }
    for (const auto& item : *it)
        out.push_back(item);
    return out;
}

std::vector<std::string> ids_at(const json& object, std::string_view key, std::size_t limit) {
    std::vector<std::string> out;
    if (!object.is_object()) return out;
    auto it = object.find(key);
    if (it == object.end()) return out;
    auto add = [&](const json& value) {
        if (out.size() >= limit) return;
        if (auto id = id_of(value)) out.push_back(std::move(*id));
    };
    if (it->is_array())
        for (const auto& item : *it)
            add(item);
    else
        add(*it);
    return out;
}

bool has_type(const json& object, std::initializer_list<std::string_view> types) {
    if (!object.is_object()) return false;
    auto it = object.find("type");
    if (it == object.end()) return false;
    auto matches = [&](const json& value) {
        return value.is_string() && std::find(types.begin(), types.end(),
                                              value.get_ref<const std::string&>()) != types.end();
    };
    if (it->is_array()) return std::any_of(it->begin(), it->end(), matches);
    return matches(*it);
}

std::string type_of(const json& object) {
    if (!object.is_object()) return "";
    auto it = object.find("type");
    if (it == object.end()) return "";
    if (it->is_string()) return it->get<std::string>();
    if (it->is_array() && !it->empty() && it->front().is_string())
        return it->front().get<std::string>();
    return "";
}

bool is_public_collection(std::string_view id) {
    return id == public_collection || id == "as:Public" || id == "Public";
}

std::optional<LanguageValue> first_of_map(const json& object, std::string_view key) {
    if (!object.is_object()) return std::nullopt;
    auto it = object.find(key);
    if (it == object.end() || !it->is_object() || it->empty()) return std::nullopt;
    auto first = it->begin();
    if (!first.value().is_string()) return std::nullopt;
    return LanguageValue{first.key(), first.value().get<std::string>()};
}

} // namespace agora::federation
