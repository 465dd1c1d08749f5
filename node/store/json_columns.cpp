// Columns that hold a list of strings as a JSON array.
#include "store/json_columns.hpp"

#include <nlohmann/json.hpp>

namespace agora::store {

std::vector<std::string> read_string_list(std::string_view json_text) {
    std::vector<std::string> out;
    auto parsed = nlohmann::json::parse(json_text, nullptr, false);
    if (!parsed.is_array()) return out;
    for (const auto& item : parsed)
        if (item.is_string()) out.push_back(item.get<std::string>());
    return out;
}

std::string write_string_list(const std::vector<std::string>& items) {
    return nlohmann::json(items).dump();
}

} // namespace agora::store
